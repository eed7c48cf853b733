import { registerAs } from '@nestjs/config';
import { environment } from './environment';

/** The users feature: how long a token's user is remembered between database reads. */
export const usersConfig = registerAs('users', () => ({
  /** Milliseconds; 0 turns the cache off. */
  cacheTtlMs: environment().USER_CACHE_TTL_MS ?? 5000,
}));

export type UsersConfig = ReturnType<typeof usersConfig>;
