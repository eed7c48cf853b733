import { registerAs } from '@nestjs/config';
import { environment } from './environment';

export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string; readonly schema?: string };

export const DEFAULT_DATABASE_URL = 'sqlite:./data/scopegate.sqlite';

/** Parses `DATABASE_URL`: `sqlite:<path>` (the embedded default) or `postgres://…`. */
export function parseDatabaseUrl(url: string, schema?: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) };
  return { type: 'postgres', url, schema };
}

export const databaseConfig = registerAs('database', (): DatabaseConfig => {
  const env = environment();
  return parseDatabaseUrl(env.DATABASE_URL ?? DEFAULT_DATABASE_URL, env.DATABASE_SCHEMA);
});
