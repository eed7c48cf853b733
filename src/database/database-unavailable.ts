import { QueryFailedError } from 'typeorm';

/** Socket-level failures: the database server is down, unreachable or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that say "not now" rather than "wrong query": connection exceptions
 * (class 08), too many connections, server shutting down or starting up.
 */
const POSTGRES_UNAVAILABLE = /^(08...|53300|57P0[1-3])$/;

/** SQLite result codes that mean the file cannot be used at the moment. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY)/;

/** node-postgres reports a dropped connection or a slow connect only in the message. */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * True when an error means the database cannot be reached or used right now, as opposed to a
 * bug or a bad query. The exception filter answers these with 503; the caller may retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code)) return true;
    if (SQLITE_UNAVAILABLE.test(code)) return true;
  }
  const message = cause instanceof Error ? cause.message : error.message;
  if (PG_CONNECTION_MESSAGES.test(message)) return true;
  // TypeORM's own error when the DataSource was closed or never opened.
  return /^(Connection with sqlite database is not established|Driver not Connected)/.test(message);
}
