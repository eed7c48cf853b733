import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { ThrottlingConfig } from '../config/throttling.config';
import { OAuth2Error } from '../core/errors/oauth2-error';

/** Names of the two limits of `POST /token`. */
export const BY_IP = 'token-ip';
export const BY_USERNAME = 'token-username';

/** Usernames are at most 64 characters; anything longer is cut before it becomes a key. */
const MAX_TRACKED_USERNAME = 128;

/**
 * The limits of `POST /token`: one per client address (many usernames from one place) and one
 * per username (one account from many places). Every attempt counts, successful or not. The
 * client address is Fastify's `request.ip`, which honours `X-Forwarded-For` only when
 * `TRUST_PROXY` says so.
 */
export function tokenThrottlerOptions(config: ThrottlingConfig): ThrottlerModuleOptions {
  const { windowSeconds, perIp, perUsername } = config;
  const ttl = windowSeconds * 1000;
  return {
    // The 429 carries Retry-After (OAuth2Error.tooManyAttempts); no X-RateLimit-* headers.
    setHeaders: false,
    throttlers: [
      { name: BY_IP, ttl, limit: perIp },
      {
        name: BY_USERNAME,
        ttl,
        limit: perUsername,
        getTracker: (request) => usernameOf(request as FastifyRequest) ?? '',
        // A request without a username is refused before any password is checked.
        skipIf: (context) =>
          usernameOf(context.switchToHttp().getRequest<FastifyRequest>()) === undefined,
      },
    ],
  };
}

function usernameOf(request: FastifyRequest): string | undefined {
  const body = request.body as { username?: unknown } | undefined;
  const username = body?.username;
  if (typeof username !== 'string' || username === '') return undefined;
  // Case-insensitive, like usernames themselves: "JohnDoe" and "johndoe" share a budget.
  return username.slice(0, MAX_TRACKED_USERNAME).toLowerCase();
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
