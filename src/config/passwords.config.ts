import { registerAs } from '@nestjs/config';
import { availableParallelism } from 'node:os';
import { environment } from './environment';

/** Password hashing: how much argon2 work may run and wait at once. */
export const passwordsConfig = registerAs('passwords', () => {
  const env = environment();
  return {
    /** argon2 hashes and verifications running at once (each takes a core for ~25 ms). */
    maxConcurrency: env.ARGON2_MAX_CONCURRENCY ?? availableParallelism(),
    /** More may wait; beyond that, POST /token answers 503 at once. */
    maxQueue: env.ARGON2_MAX_QUEUE ?? 64,
  };
});

export type PasswordsConfig = ReturnType<typeof passwordsConfig>;
