import { registerAs } from '@nestjs/config';
import { environment } from './environment';

/** Brute force: `POST /token` attempts per client address, failed passwords per account. */
export const throttlingConfig = registerAs('throttling', () => {
  const env = environment();
  return {
    /** Every attempt from one address counts, within this window (seconds). */
    windowSeconds: env.TOKEN_RATE_LIMIT_WINDOW ?? 60,
    perIp: env.TOKEN_RATE_LIMIT_PER_IP ?? 30,
    /** Failed passwords in a row that lock an account for a while. */
    loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 10,
  };
});

export type ThrottlingConfig = ReturnType<typeof throttlingConfig>;
