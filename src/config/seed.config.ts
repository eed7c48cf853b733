import { registerAs } from '@nestjs/config';
import { environment, isProduction } from './environment';

/** What an empty database gets at first start: the administrator, and the demo data. */
export const seedConfig = registerAs('seed', () => {
  const env = environment();
  const production = isProduction(env);
  return {
    demoData: env.DEMO_DATA === undefined ? !production : env.DEMO_DATA === 'true',
    adminUsername: env.ADMIN_USERNAME ?? 'admin',
    adminPassword: env.ADMIN_PASSWORD,
    isProduction: production,
  };
});

export type SeedConfig = ReturnType<typeof seedConfig>;
