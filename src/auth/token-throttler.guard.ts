import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { ThrottlingConfig } from '../config/throttling.config';
import { OAuth2Error } from '../core/errors/oauth2-error';

/** The name of the limit of `POST /token`. */
export const BY_IP = 'token-ip';

/**
 * The limit of `POST /token` per client address: every attempt counts, successful, failed or
 * malformed, so one address cannot try many accounts. The address is Fastify's `request.ip`,
 * which honours `X-Forwarded-For` only when `TRUST_PROXY` says so. One account tried from many
 * addresses is `AccountLockout`'s business: it counts failures only.
 */
export function tokenThrottlerOptions(config: ThrottlingConfig): ThrottlerModuleOptions {
  return {
    // The 429 carries Retry-After (OAuth2Error.tooManyAttempts); no X-RateLimit-* headers.
    setHeaders: false,
    throttlers: [{ name: BY_IP, ttl: config.windowSeconds * 1000, limit: config.perIp }],
  };
}

/**
 * `@nestjs/throttler` for the token endpoint only (the guarded API routes pay nothing), with
 * the refusal in RFC 6749 shape: 429, `Retry-After`, `{"error":"slow_down",…}`.
 */
@Injectable()
export class TokenThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw OAuth2Error.tooManyAttempts(Math.max(1, detail.timeToBlockExpire));
  }
}
