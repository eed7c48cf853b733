import { registerAs } from '@nestjs/config';
import { environment } from './environment';

/** What an empty database gets at first start: the administrator, and the demo data. */
export const seedConfig = registerAs('seed', () => {
  const env = environment();
  const isProduction = env.NODE_ENV === 'production';
  return {
    demoData: env.DEMO_DATA === undefined ? !isProduction : env.DEMO_DATA === 'true',
    adminUsername: env.ADMIN_USERNAME ?? 'admin',
    adminPassword: env.ADMIN_PASSWORD,
    isProduction,
  };
});

export type SeedConfig = ReturnType<typeof seedConfig>;
