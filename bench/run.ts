/**
 * `npm run bench`: the application against its ceilings, on this machine, in one run.
 *
 * One process tree: this driver (autocannon and a latency probe), a bare `node:http` server
 * and a bare NestJS + Fastify application answering the same bytes (the throughput ceilings),
 * the real application (`node dist/main.js`) on a temporary SQLite file with the demo data, the
 * same without its verified-token cache, and a raw `argon2.verify` loop (the login ceiling). The table shows medians (min–max) over the rounds and each figure's ratio to its
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
import { startService, stopChild } from './processes';
import { report } from './report';
import { log, POOL_SIZE } from './settings';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scopegate-bench-'));
  let service: ServerProcess | undefined;
  let uncached: ServerProcess | undefined;
  process.on('exit', () => {
    service?.child.kill('SIGKILL');
    uncached?.child.kill('SIGKILL');
  });
  try {
    log(`data in ${dataDir}; UV_THREADPOOL_SIZE for the argon2 ceiling: ${POOL_SIZE}`);
    const starts = await measureStarts(dataDir);
    service = starts.service;
    // The same service without the verified-token cache, on the same database: what the cache
    // is worth, measured rather than asserted.
    uncached = await startService(dataDir, { TOKEN_CACHE_SIZE: '0' });
    const started = uncached;
    await uncached.waitUntil(async () => (await fetch(`${started.url}/health/live`)).ok);
    const { samples, cpu, problems, ceilings } = await measureThroughput(
      service,
      uncached,
      starts.token,
      starts.tokenMe,
    );
    await uncached.stop('SIGTERM', 5000);
    const storm = await measureLoginStorm(service, starts.token);
    const rssMb = service.rssMb();
    await service.stop('SIGTERM', 5000);
    for (const ceiling of ceilings) await stopChild(ceiling);
    report({
      samples,
      cpu,
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
