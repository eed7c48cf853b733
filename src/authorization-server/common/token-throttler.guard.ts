import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import { ProtocolError } from '@scopegate/resource-server';
import type { ThrottlingConfig } from '../../config/throttling.config';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import { SharedState } from '../../redis/shared-state';
import { MemoryThrottlerStorage } from './memory-throttler-storage';
import { SHARED_STATE_RETRY_AFTER_SECONDS } from '../../redis/shared-state-unavailable';

/** The name of the per-address limit of password and token attempts. */
export const BY_IP = 'token-ip';

/**
 * The limit per client address of `POST /token` and the login form's `POST /login`, one
 * counter for both: every attempt counts, successful, failed or malformed, so one address
 * cannot try many accounts by either door. The address is Fastify's `request.ip`,
 * which honours `X-Forwarded-For` only when `TRUST_PROXY` says so. One account tried from many
 * addresses is `AccountLockout`'s business: it counts failures only.
 */
export function tokenThrottlerOptions(
  config: ThrottlingConfig,
  shared: SharedState,
): ThrottlerModuleOptions {
  return {
    // With several instances the counters are in Redis (a maintained storage on the same
    // ioredis connection), so every instance counts the same attempts; alone, in memory with
    // the same fixed windows.
    storage: shared.client
      ? new ThrottlerStorageRedisService(shared.client)
      : new MemoryThrottlerStorage(),
    // The 429 carries Retry-After (OAuth2Error.tooManyAttempts); no X-RateLimit-* headers.
    setHeaders: false,
    throttlers: [
      {
        name: BY_IP,
        ttl: config.windowSeconds * 1000,
        limit: config.perIp,
        // One counter per address whichever route counts (the default key names the handler).
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
      },
    ],
  };
}

/**
 * `@nestjs/throttler` for the token endpoint and the login form only (the guarded API routes
 * pay nothing), with the refusal in RFC 6749 shape (the login page renders it as a page): 429, `Retry-After`, `{"error":"slow_down",…}`.
 */
@Injectable()
export class TokenThrottlerGuard extends ThrottlerGuard {
  /** A counter that cannot be read (Redis down) is a 503, never a request let through. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw OAuth2Error.temporarilyUnavailable(SHARED_STATE_RETRY_AFTER_SECONDS);
    }
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw OAuth2Error.tooManyAttempts(Math.max(1, detail.timeToBlockExpire));
  }
}
