// First: the thread pool's size is fixed the first time anything uses it.
import './config/thread-pool';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ScopeCatalogError } from '@scopegate/resource-server';
import { createApp } from './app.factory';
import { appConfig, type AppConfig } from './config/app.config';
import { ConfigurationError } from './config/environment';
import { applyHeapGrowth } from './config/heap';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const { port, host } = app.get<AppConfig>(appConfig.KEY);
  await app.listen(port, host);
  // After start-up, whose one-off allocations would otherwise pay for many full collections.
  applyHeapGrowth();
  new Logger('Scopegate').log(`Listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration and catalog errors are the operator's to fix: their message says it all.
  if (error instanceof ConfigurationError || error instanceof ScopeCatalogError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
