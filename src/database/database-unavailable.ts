import { HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { ErrorResponse } from '@scopegate/resource-server';

/** How long a client should wait before retrying when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer to a request that failed because the database is unavailable: 503, `Retry-After`. */
export class DatabaseUnavailableError extends ErrorResponse {
  constructor(readonly reason: string) {
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    super(
      status,
      {
        statusCode: status,
        error: STATUS_CODES[status],
        message: 'The database is unavailable; retry later',
      },
      { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    );
  }
}

/** The 503 answer when `error` means the database is unavailable, otherwise null. */
export function asDatabaseOutage(error: unknown): DatabaseUnavailableError | null {
  return isDatabaseUnavailable(error)
    ? new DatabaseUnavailableError((error as Error).message)
    : null;
}

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
