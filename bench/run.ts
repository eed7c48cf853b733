/**
 * `npm run bench`: the application against its ceilings, on this machine, in one run.
 *
 * One process tree: this driver (autocannon and a latency probe), a bare `node:http` server
 * answering the same bytes (the throughput ceiling), the real application (`node dist/main.js`)
 * on a temporary SQLite file with the demo data, and a raw `argon2.verify` loop (the login
 * ceiling). The table shows medians (min–max) over the rounds and each figure's ratio to its
 * ceiling (the median of the per-round ratios); `bench/results/latest.json` keeps the same.
 * Never used by the tests: nothing here asserts a timing. Knobs: `settings.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from '../test/support/server-process';
import { measureLoginStorm } from './measurements/login-storm';
import { measureStarts } from './measurements/starts';
import { measureThroughput } from './measurements/throughput';
import { stopChild } from './processes';
import { report } from './report';
import { log, POOL_SIZE } from './settings';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scopegate-bench-'));
  let service: ServerProcess | undefined;
  process.on('exit', () => service?.child.kill('SIGKILL'));
  try {
    log(`data in ${dataDir}; UV_THREADPOOL_SIZE for the argon2 ceiling: ${POOL_SIZE}`);
    const starts = await measureStarts(dataDir);
    service = starts.service;
    const { samples, problems, ceiling } = await measureThroughput(
      service,
      starts.token,
      starts.tokenMe,
    );
    const storm = await measureLoginStorm(service, starts.token);
    const rssMb = service.rssMb();
    await service.stop('SIGTERM', 5000);
    await stopChild(ceiling);
    report({
      samples,
      storm,
      coldStarts: starts.coldStarts,
      firstStartMs: starts.firstStartMs,
      rssMb,
      problems: [...problems, ...storm.problems],
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
