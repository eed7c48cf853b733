import type { Logger } from '@nestjs/common';

/**
 * Runs `task` every `intervalMs` in the background, never keeping the process alive: a failed
 * run is logged as a warning (`<failure>: <message>`) and the next one happens as planned.
 * Returns the timer, for `clearInterval` at shutdown.
 */
export function runEvery(
  intervalMs: number,
  task: () => Promise<unknown>,
  logger: Pick<Logger, 'warn'>,
  failure: string,
): NodeJS.Timeout {
  const timer = setInterval(() => {
    task().catch((error: unknown) => logger.warn(`${failure}: ${(error as Error).message}`));
  }, intervalMs);
  timer.unref();
  return timer;
}
