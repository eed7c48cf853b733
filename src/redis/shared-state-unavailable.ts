import { HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ErrorResponse } from '@scopegate/resource-server';

/** How long a client should wait before retrying when Redis is unreachable. */
export const SHARED_STATE_RETRY_AFTER_SECONDS = 2;

/**
 * A request that needs the shared store (Redis: rate-limit and lockout counters) while it is
 * unreachable: 503 with `Retry-After`, never a skipped check. The token endpoint answers it in
 * RFC 6749's shape (`temporarily_unavailable`).
 */
export class SharedStateUnavailableError extends ErrorResponse {
  readonly retryAfterSeconds = SHARED_STATE_RETRY_AFTER_SECONDS;

  constructor() {
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    super(
      status,
      {
        statusCode: status,
        error: STATUS_CODES[status],
        message: 'The shared store is unavailable; retry later',
      },
      { 'Retry-After': String(SHARED_STATE_RETRY_AFTER_SECONDS) },
    );
  }
}
