/**
 * `npm run soak`: the service under a steady mixed load for a long while (10 minutes by
 * default, `SOAK_MINUTES`), its resident memory read every 30 s. The load is what services lean
 * on: users listing their items, a resource server introspecting, services renewing their own
 * tokens, clients rotating their refresh tokens. Fails (exit 1) on any answer other than 2xx and
 * on any socket error. The summary goes to stdout and `bench/results/soak-latest.json`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from '../test/support/server-process';
import { cpuSeconds, throughput, type Load } from './load';
import { CLIENT_CREDENTIALS, LOGIN } from './measurements/throughput';
import { startService } from './processes';
import { log, ROOT, TARGETS } from './settings';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RSS_EVERY_MS = 30_000;

interface Stream {
  name: string;
  answered: number;
  failures: string[];
}

async function main(): Promise<void> {
  if (!Number.isFinite(MINUTES) || MINUTES <= 0) throw new Error('SOAK_MINUTES must be > 0');
  const dataDir = mkdtempSync(join(tmpdir(), 'scopegate-soak-'));
  // Tokens that outlive the soak, so that every 2xx is the load's and not a renewal's.
  const service = await startService(dataDir, { ACCESS_TOKEN_TTL: '86400' });
  process.on('exit', () => service.child.kill('SIGKILL'));
  try {
    await service.waitUntil(async () => (await fetch(`${service.url}/health/live`)).ok);
    const token = await service.token('johndoe', 'secret', 'me items');
    const seconds = MINUTES * 60;
    const rss: { atSeconds: number; mb: number | null }[] = [{ atSeconds: 0, mb: service.rssMb() }];
    const started = Date.now();
    const cpuBefore = cpuSeconds(service.child.pid);
    const sampler = setInterval(() => {
      rss.push({ atSeconds: Math.round((Date.now() - started) / 1000), mb: service.rssMb() });
      log(`RSS ${rss.at(-1)!.mb?.toFixed(0)} MB at ${rss.at(-1)!.atSeconds} s`);
    }, RSS_EVERY_MS);
    const streams = await Promise.all([
      cannon(service, 'GET /users/me/items/', seconds, 6, {
        path: '/users/me/items/',
        headers: { authorization: `Bearer ${token}` },
      }),
      cannon(service, 'POST /introspect', seconds, 4, {
        ...CLIENT_CREDENTIALS,
        path: '/introspect',
        body: new URLSearchParams({ token }).toString(),
      }),
      cannon(service, 'POST /token client_credentials', seconds, 2, CLIENT_CREDENTIALS),
      rotations(service, seconds, 2),
    ]);
    clearInterval(sampler);
    const cpuAfter = cpuSeconds(service.child.pid);
    rss.push({ atSeconds: seconds, mb: service.rssMb() });
    // What stays once the load has stopped and the collector has had a moment.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const after = service.rssMb();
    const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    report(streams, rss, after, cpu);
    process.exitCode = streams.some((stream) => stream.failures.length > 0) ? 1 : 0;
  } finally {
    await service.stop('SIGTERM', 5000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One autocannon stream for the whole soak; any non-2xx or socket error is a failure. */
async function cannon(
  service: ServerProcess,
  name: string,
  seconds: number,
  connections: number,
  load: Omit<Load, 'expect'>,
): Promise<Stream> {
  const result = await throughput(service.port, { ...load, expect: 200 }, seconds, connections);
  const failures = [...result.unexpected];
  if (result.errors) failures.push(`${result.errors} socket errors or timeouts`);
  return { name, answered: result.answered, failures };
}

/** Clients that each log in once, then rotate their refresh token for the whole soak. */
async function rotations(service: ServerProcess, seconds: number, clients: number) {
  const stream: Stream = { name: 'POST /token refresh_token', answered: 0, failures: [] };
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const login = await service.request('POST', '/token', {
        form: Object.fromEntries(new URLSearchParams(LOGIN.body)),
      });
      let refresh = login.body?.refresh_token as string | undefined;
      while (refresh && Date.now() < deadline) {
        try {
          const result = await service.request('POST', '/token', {
            form: { grant_type: 'refresh_token', refresh_token: refresh },
          });
          if (result.status !== 200) {
            stream.failures.push(`${result.status}: ${result.text.slice(0, 120)}`);
            return;
          }
          refresh = result.body.refresh_token as string;
          stream.answered += 1;
        } catch (error) {
          stream.failures.push((error as Error).message);
          return;
        }
      }
    }),
  );
  return stream;
}

function report(
  streams: Stream[],
  rss: { atSeconds: number; mb: number | null }[],
  after: number | null,
  serverCpuSeconds: number | null,
): void {
  const mbs = rss.map((sample) => sample.mb).filter((mb): mb is number => mb !== null);
  const requests = streams.reduce((total, stream) => total + stream.answered, 0);
  const summary = {
    date: new Date().toISOString(),
    minutes: MINUTES,
    streams,
    requests,
    /** The service's CPU (utime + stime) per answer over the whole soak. */
    cpuMicrosPerRequest:
      serverCpuSeconds !== null && requests > 0 ? (serverCpuSeconds * 1e6) / requests : null,
    rssMb: {
      atStart: mbs[0],
      min: Math.min(...mbs),
      max: Math.max(...mbs),
      atEnd: mbs.at(-1),
      tenSecondsAfter: after,
      samples: rss,
    },
    /** The speed issue's target: at most this during the soak and after it. */
    rssTargetMb: TARGETS.soakRssMb,
    rssTargetMet: Math.max(...mbs, after ?? Infinity) <= TARGETS.soakRssMb,
  };
  process.stdout.write(
    `\nScopegate soak — ${summary.date}, ${MINUTES} min\n` +
      streams
        .map(
          (stream) =>
            `  ${stream.name}: ${stream.answered} answered` +
            (stream.failures.length ? `, FAILURES ${stream.failures.join('; ')}` : ', no failure'),
        )
        .join('\n') +
      `\n  ${summary.requests} requests; RSS ${summary.rssMb.atStart?.toFixed(0)} MB at start, ` +
      `${summary.rssMb.min.toFixed(0)}–${summary.rssMb.max.toFixed(0)} MB during, ` +
      `${summary.rssMb.atEnd?.toFixed(0)} MB at the end, ${after?.toFixed(0)} MB 10 s after\n` +
      `  ${(summary.requests / (MINUTES * 60)).toFixed(0)} requests/s, ` +
      `${summary.cpuMicrosPerRequest?.toFixed(0) ?? '?'} µs of server CPU each; RSS ≤ ${TARGETS.soakRssMb} MB ` +
      `during and after: ${summary.rssTargetMet ? 'met' : 'NO'}\n`,
  );
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'soak-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
