import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config';
import { ConfigurationError } from '../config/environment';
/**
 * The migrations of a dialect: every file in `migrations/<dialect>/`, run in the order of the
 * timestamp in their class names. `npm run migration:create -- <Name>` writes one for each
 * dialect; nothing needs registering.
 */
export function migrationsOf(dialect: 'sqlite' | 'postgres'): string[] {
  // .ts when the source runs (the tests), .js once built.
  return [join(__dirname, 'migrations', dialect, '*.{ts,js}')];
}

/**
 * TypeORM options for the configured database. The schema only ever changes through
 * migrations (`synchronize` is never on); they run at start-up and by `npm run migration:run`.
 */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = {
    synchronize: false,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
  } as const;
  if (config.type === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.path,
      migrations: migrationsOf('sqlite'),
      // WAL keeps every acknowledged write across a crash and lets readers run during writes.
      enableWAL: true,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    migrations: migrationsOf('postgres'),
    extra: {
      // Unqualified names in the migrations resolve to the configured schema.
      ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
      // A database that accepts connections but never answers must not hang requests:
      // give up on connecting after a few seconds (the request then gets a 503).
      connectionTimeoutMillis: 3000,
    },
  };
}

/**
 * The last check before TypeORM connects: options that would let it change the schema on its
 * own (`synchronize`, `dropSchema`) are refused, in production and everywhere else.
 */
export function assertMigrationsOnly<T extends DataSourceOptions>(options: T): T {
  const refused = (['synchronize', 'dropSchema'] as const).filter((name) => options[name]);
  if (refused.length > 0) {
    throw new ConfigurationError(
      `Invalid database options: ${refused.join(', ')} must stay off; the schema changes only through migrations`,
    );
  }
  return options;
}
