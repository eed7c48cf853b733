import { ConfigurationError } from '../config/environment';
import { assertMigrationsOnly, dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  it.each([
    { type: 'sqlite' as const, path: ':memory:' },
    { type: 'postgres' as const, url: 'postgres://postgres@127.0.0.1:5432/test' },
  ])('never lets TypeORM change the $type schema on its own', (config) => {
    const options = dataSourceOptions(config);
    expect(options.synchronize).toBe(false);
    expect(options.dropSchema).toBeFalsy();
    expect(options.migrationsRun).toBe(true);
    expect(() => assertMigrationsOnly(options)).not.toThrow();
  });

  it('gives up connecting to PostgreSQL after a bounded time', () => {
    const options = dataSourceOptions({ type: 'postgres', url: 'postgres://x@127.0.0.1/db' });
    expect(options).toMatchObject({ extra: { connectionTimeoutMillis: expect.any(Number) } });
  });
});

describe('assertMigrationsOnly', () => {
  const base = dataSourceOptions({ type: 'sqlite', path: ':memory:' });

  it.each(['synchronize', 'dropSchema'] as const)('refuses %s, naming it', (name) => {
    expect(() => assertMigrationsOnly({ ...base, [name]: true })).toThrow(ConfigurationError);
    expect(() => assertMigrationsOnly({ ...base, [name]: true })).toThrow(name);
  });
});
