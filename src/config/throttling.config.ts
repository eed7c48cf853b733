import { registerAs } from '@nestjs/config';
import { environment } from './environment';

/** `POST /token` attempts allowed per window, per client address and per username. */
export const throttlingConfig = registerAs('throttling', () => {
  const env = environment();
  return {
    windowSeconds: env.TOKEN_RATE_LIMIT_WINDOW ?? 60,
    perIp: env.TOKEN_RATE_LIMIT_PER_IP ?? 30,
    perUsername: env.TOKEN_RATE_LIMIT_PER_USERNAME ?? 10,
  };
});

export type ThrottlingConfig = ReturnType<typeof throttlingConfig>;
