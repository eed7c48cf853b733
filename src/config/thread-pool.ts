import { readdirSync } from 'node:fs';
import { stat } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';

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

/** How much lower than the event loop the pool's threads run: `THREAD_POOL_NICENESS` (0-19). */
const POOL_NICENESS = Number(process.env.THREAD_POOL_NICENESS ?? 10);

/**
 * Lowers the pool threads' scheduling priority (Linux only; elsewhere nothing happens), so
 * that in a login storm the cores go to the event loop first and argon2 gets the rest: the
 * API keeps answering while logins still use every idle cycle. The pool creates all its
 * threads on first use: the threads that appear across that first use are the pool's.
 */
function deprioritizeThreadPool(): void {
  const tasks = () => {
    try {
      return new Set(readdirSync('/proc/self/task'));
    } catch {
      return null;
    }
  };
  if (!(POOL_NICENESS > 0)) return;
  const before = tasks();
  if (!before) return;
  stat(__filename, () => {
    for (const tid of tasks() ?? []) {
      if (before.has(tid)) continue;
      try {
        setPriority(Number(tid), POOL_NICENESS);
      } catch {
        // Not permitted here (unusual for lowering priority): run at normal priority.
      }
    }
  });
}

deprioritizeThreadPool();
