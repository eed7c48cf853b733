import * as argon2 from 'argon2';
import { resolve } from 'node:path';

/**
 * The login ceiling: raw `argon2.verify` calls, `concurrency` at a time for `seconds`, with the
 * application's own parameters (read from its build) and the thread-pool size the parent set
 * in this process's environment. Reports verifications per second over IPC.
 */
process.once('message', (message: { seconds: number; concurrency: number }) => {
  void run(message.seconds, message.concurrency).then((result) => process.send?.(result));
});

async function run(seconds: number, concurrency: number) {
  // The application's build, so the parameters cannot drift from what it uses.
  const { ARGON2_OPTIONS } = (await import(
    resolve(__dirname, '../../credentials/password-hasher.js')
  )) as {
    ARGON2_OPTIONS: argon2.HashOptions;
  };
  const hash = await argon2.hash('secret', ARGON2_OPTIONS);
  // Warm-up: the pool threads start and the memory is touched once.
  await Promise.all(Array.from({ length: concurrency }, () => argon2.verify(hash, 'secret')));
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  let verifies = 0;
  const worker = async () => {
    while (process.hrtime.bigint() < deadline) {
      if (!(await argon2.verify(hash, 'secret'))) throw new Error('argon2 verify failed');
      verifies += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: verifies / elapsed, verifies, elapsed };
}
