#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { EXIT } from './cli/report';
import { ConfigurationError } from './config/environment';
import { isDatabaseUnavailable } from './database/database-unavailable';

/** `npm run cli -- <command>` or `scopegate <command>`: the operator's commands. */
async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    cliName: 'scopegate',
    // Failures are reported below as one line each; Nest's own logs would add stack traces.
    logger: false,
    abortOnError: false,
    // commander's own refusals (an unknown command) exit like any refusal; help exits 0.
    errorHandler: (error) => {
      const { exitCode } = error as { exitCode?: number };
      process.exit(exitCode === 0 ? EXIT.ok : EXIT.refused);
    },
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(EXIT.refused);
  }
  if (isDatabaseUnavailable(error)) {
    process.stderr.write('error: the database is unavailable; nothing was changed\n');
    process.exit(EXIT.unavailable);
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.refused);
});
