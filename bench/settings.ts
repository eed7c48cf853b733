import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/**
 * The bench's knobs (environment): BENCH_ROUNDS (3), BENCH_SECONDS (5 per measurement),
 * BENCH_CONNECTIONS (16), BENCH_LOGIN_CONNECTIONS (8), BENCH_PROBE_RATE (200 requests/s).
 * Any other variable (UV_THREADPOOL_SIZE, USER_CACHE_TTL_MS, LOG_LEVEL…) reaches the
 * application as is.
 */
export const ROUNDS = positive('BENCH_ROUNDS', 3);
export const SECONDS = positive('BENCH_SECONDS', 5);
export const CONNECTIONS = positive('BENCH_CONNECTIONS', 16);
export const LOGIN_CONNECTIONS = positive('BENCH_LOGIN_CONNECTIONS', 8);
export const PROBE_RATE = positive('BENCH_PROBE_RATE', 200);
/** The thread pool the argon2 ceiling gets: the application's own default, one per core. */
export const POOL_SIZE = process.env.UV_THREADPOOL_SIZE ?? String(availableParallelism());

/** The repository root (this file runs from dist/bench/bench/). */
export const ROOT = resolve(__dirname, '../../..');

/** What each row must reach: a ratio to its ceiling, or an absolute bound. */
export const TARGETS = {
  status: 0.3,
  items: 0.2,
  /** Against the NestJS floor. */
  statusVsNest: 0.6,
  itemsVsNest: 0.4,
  /** Server CPU per request: the NestJS floor's ÷ ours. */
  statusCpuVsNest: 0.6,
  /** Against node-oidc-provider doing the same work in the same run. */
  clientCredentialsVsPeer: 1.0,
  introspectionVsPeer: 1.0,
  itemsCpuVsNest: 0.35,
  logins: 0.9,
  stormP99: 2.5,
  stormLogins: 45,
  coldStartMs: 1500,
  rssMb: 150,
  /** `npm run soak`: the most the service may hold during the soak and after it. */
  soakRssMb: 200,
};

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
