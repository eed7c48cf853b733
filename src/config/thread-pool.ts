import { availableParallelism } from 'node:os';

/**
 * Sizes libuv's thread pool, where argon2 runs, to the machine: one thread per core. The
 * default of 4 on a 2-core machine runs 4 hashes at once, each slower, and they fight the
 * event loop for the cores. An explicit `UV_THREADPOOL_SIZE` wins.
 *
 * libuv reads the variable once, when the pool first gets work: this module must be the first
 * thing `main.ts` imports.
 */
if (!process.env.UV_THREADPOOL_SIZE) {
  process.env.UV_THREADPOOL_SIZE = String(availableParallelism());
}
