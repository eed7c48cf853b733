import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { sleep } from '../test/support/server-process';
import { PROBE_RATE } from './settings';

/** One request shape, and the status every answer must have. */
export interface Load {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  expect: number;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every common Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The CPU a process has used so far (utime + stime, in seconds), from /proc: what a server
 * spends on a load, whatever else the machine is doing. Null where /proc cannot be read.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Requests per second answered with `expect` (any other status is an error of the run) and,
 * when the server's `pid` is given, the server's CPU microseconds per such answer.
 */
export async function throughput(
  port: number,
  load: Load,
  seconds: number,
  connections: number,
  pid?: number,
) {
  const cpuBefore = cpuSeconds(pid);
  const result = await new Promise<autocannon.Result>((done, fail) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}${load.path}`,
        method: load.method ?? 'GET',
        headers: load.headers,
        body: load.body,
        connections,
        duration: seconds,
        timeout: 30,
      },
      (error, res) =>
        error
          ? fail(error instanceof Error ? error : new Error('autocannon failed', { cause: error }))
          : done(res),
    );
  });
  const cpuAfter = cpuSeconds(pid);
  const expected = result.statusCodeStats[String(load.expect)]?.count ?? 0;
  const other = Object.entries(result.statusCodeStats)
    .filter(([code]) => code !== String(load.expect))
    .map(([code, { count }]) => `${code}×${count}`);
  return {
    perSecond: expected / result.duration,
    answered: expected,
    cpuMicrosPerRequest:
      cpuBefore === null || cpuAfter === null || expected === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1e6) / expected,
    unexpected: other,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Latency of `GET path` at a steady rate (open loop: a request leaves every 1/rate s whether
 * or not the previous ones have answered), in milliseconds with microsecond resolution.
 */
export async function probe(port: number, path: string, token: string, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const latencies: number[] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];
  const interval = 1000 / PROBE_RATE;
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i += 1) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    pending.push(
      new Promise<void>((done) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) latencies.push(performance.now() - sent);
              else failures += 1;
              done();
            });
          },
        );
        req.on('error', () => {
          failures += 1;
          done();
        });
        req.end();
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), count: latencies.length, failures };
}
