/**
 * `npm run bench`: the application against its ceilings, on this machine, in one run.
 *
 * One process tree: this driver (autocannon and a latency probe), a bare `node:http` server
 * answering the same bytes (the ceiling), the real application (`node dist/main.js`) on a
 * temporary SQLite file with the demo data, and a raw `argon2.verify` loop (the login
 * ceiling). Variants alternate within each round, after a warm-up; the table shows medians
 * (min–max) over the rounds and each figure's ratio to its ceiling (the median of the
 * per-round ratios). The same figures go to
 * `bench/results/latest.json`. Never used by the tests: nothing here asserts a timing.
 *
 * Knobs (environment): BENCH_ROUNDS (3), BENCH_SECONDS (5 per measurement),
 * BENCH_CONNECTIONS (16), BENCH_LOGIN_CONNECTIONS (8), BENCH_PROBE_RATE (200 requests/s).
 * Any other variable (UV_THREADPOOL_SIZE, USER_CACHE_TTL_MS, LOG_LEVEL…) reaches the
 * application as is.
 */
import autocannon from 'autocannon';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const ROUNDS = positive('BENCH_ROUNDS', 3);
const SECONDS = positive('BENCH_SECONDS', 5);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 16);
const LOGIN_CONNECTIONS = positive('BENCH_LOGIN_CONNECTIONS', 8);
const PROBE_RATE = positive('BENCH_PROBE_RATE', 200);
const POOL_SIZE = process.env.UV_THREADPOOL_SIZE ?? String(availableParallelism());

const JWT_SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const ADMIN_PASSWORD = 'bench-admin-password';
const LOGIN_FORM = 'grant_type=password&username=johndoe&password=secret&scope=me%20items';

/** Targets of issue 5, as [comparison, threshold]. */
const TARGETS = {
  status: 0.3,
  items: 0.2,
  logins: 0.9,
  stormP99: 3,
  stormLogins: 45,
  coldStartMs: 1500,
  rssMb: 150,
};

type Series = number[];

interface Stats {
  median: number;
  min: number;
  max: number;
  samples: Series;
}

function stats(samples: Series): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP request with a fresh connection (used outside the measurements). */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

async function tokenFor(port: number, scope: string): Promise<string> {
  const form = `grant_type=password&username=johndoe&password=secret&scope=${encodeURIComponent(scope)}`;
  const answer = await call(
    port,
    'POST',
    '/token',
    { 'content-type': 'application/x-www-form-urlencoded' },
    form,
  );
  if (answer.status !== 200) throw new Error(`POST /token: ${answer.status} ${answer.body}`);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

// ---------------------------------------------------------------------------------------------
// The processes under test

interface App {
  child: ChildProcess;
  port: number;
  startedAt: bigint;
}

function startApp(dataDir: string, port: number): App {
  const logFile = openSync(join(dataDir, 'app.log'), 'a');
  const startedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
    cwd: ROOT,
    stdio: ['ignore', logFile, logFile],
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dataDir, 'scopegate.sqlite')}`,
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      JWT_SECRET,
      ADMIN_PASSWORD,
      // The token endpoint's brute-force limits would cap the login storm: raise them.
      TOKEN_RATE_LIMIT_PER_IP: process.env.TOKEN_RATE_LIMIT_PER_IP ?? '1000000',
      TOKEN_RATE_LIMIT_PER_USERNAME: process.env.TOKEN_RATE_LIMIT_PER_USERNAME ?? '1000000',
    },
  });
  return { child, port, startedAt };
}

/** Milliseconds from `spawn` until `check` first succeeds (polled every 5 ms). */
async function waitFor(app: App, check: () => Promise<boolean>, dataDir: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) {
      throw new Error(`the application exited:\n${readFileSync(join(dataDir, 'app.log'), 'utf8')}`);
    }
    try {
      if (await check()) return Number(process.hrtime.bigint() - app.startedAt) / 1e6;
    } catch {
      // Not listening yet.
    }
    await sleep(5);
  }
  throw new Error('the application did not answer within 30 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function startCeiling(port: number, routes: Record<string, Answer>): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'ceiling-server.js'), [], { stdio: 'inherit' });
  const ready = new Promise((done) => child.once('message', done));
  child.send({ port, routes });
  await ready;
  return child;
}

async function argon2Ceiling(seconds: number, concurrency: number): Promise<number> {
  const child = fork(join(__dirname, 'argon2-ceiling.js'), [], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: POOL_SIZE },
  });
  const result = new Promise<{ perSecond: number }>((done) => child.once('message', done));
  child.send({ seconds, concurrency });
  const { perSecond } = await result;
  await stop(child);
  return perSecond;
}

// ---------------------------------------------------------------------------------------------
// Load

interface Load {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  expect: number;
}

/** Requests per second answered with `expect` (any other status is an error of the run). */
async function throughput(port: number, load: Load, seconds: number, connections: number) {
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
  const expected = result.statusCodeStats[String(load.expect)]?.count ?? 0;
  const other = Object.entries(result.statusCodeStats)
    .filter(([code]) => code !== String(load.expect))
    .map(([code, { count }]) => `${code}×${count}`);
  return {
    perSecond: expected / result.duration,
    unexpected: other,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Latency of `GET path` at a steady `rate` (open loop: a request leaves every 1/rate s whether
 * or not the previous ones have answered), in milliseconds with microsecond resolution.
 */
async function probe(port: number, path: string, token: string, seconds: number) {
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

// ---------------------------------------------------------------------------------------------

interface Row {
  name: string;
  unit: string;
  app: Stats;
  ceiling?: Stats;
  ceilingName?: string;
  ratio?: number;
  target: string;
  met: boolean;
}

function format(value: number, unit: string): string {
  if (unit === 'req/s' || unit === 'logins/s')
    return value >= 100 ? value.toFixed(0) : value.toFixed(1);
  if (unit === 'ms') return value >= 100 ? value.toFixed(0) : value.toFixed(2);
  return value.toFixed(1);
}

function cell(s: Stats, unit: string): string {
  return `${format(s.median, unit)} (${format(s.min, unit)}–${format(s.max, unit)})`;
}

function table(rows: Row[]): string {
  const header = ['measurement', 'Scopegate', 'ceiling', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => [
    `${row.name} [${row.unit}]`,
    cell(row.app, row.unit),
    row.ceiling ? `${cell(row.ceiling, row.unit)} ${row.ceilingName ?? ''}`.trim() : '—',
    row.ratio === undefined ? '—' : row.ratio.toFixed(2),
    row.target,
    row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    render(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...lines.map(render),
  ].join('\n');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scopegate-bench-'));
  const children: ChildProcess[] = [];
  const cleanup = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', cleanup);
  try {
    const appPort = await freePort();
    const ceilingPort = await freePort();
    log(`data in ${dataDir}; UV_THREADPOOL_SIZE for the argon2 ceiling: ${POOL_SIZE}`);

    // First start: migrations and demo data. Then the tokens the measurements use.
    let app = startApp(dataDir, appPort);
    children.push(app.child);
    const firstStartMs = await waitFor(
      app,
      async () => (await call(appPort, 'GET', '/status/')).status === 401,
      dataDir,
    );
    const token = await tokenFor(appPort, 'me items');
    const tokenMe = await tokenFor(appPort, 'me');
    const auth = { authorization: `Bearer ${token}` };
    const authMe = { authorization: `Bearer ${tokenMe}` };
    await stop(app.child);

    // Cold starts on the existing database: spawn to the first 200 of a guarded route.
    const coldStarts: Series = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      app = startApp(dataDir, appPort);
      children.push(app.child);
      coldStarts.push(
        await waitFor(
          app,
          async () => (await call(appPort, 'GET', '/status/', auth)).status === 200,
          dataDir,
        ),
      );
      if (round < ROUNDS - 1) await stop(app.child);
    }
    log(`cold starts (ms): ${coldStarts.map((ms) => ms.toFixed(0)).join(', ')}`);

    // The ceiling answers exactly what the application answers.
    const routes: Record<string, Answer> = {};
    for (const [path, headers] of [
      ['/status/', auth],
      ['/users/me/items/', auth],
      ['/forbidden/', authMe],
    ] as const) {
      const answer = await call(
        appPort,
        'GET',
        path === '/forbidden/' ? '/users/me/items/' : path,
        headers,
      );
      const keep: Record<string, string> = {};
      if (answer.headers['www-authenticate'])
        keep['www-authenticate'] = answer.headers['www-authenticate'];
      routes[path] = { status: answer.status, headers: keep, body: answer.body };
    }
    if (routes['/status/'].status !== 200 || routes['/users/me/items/'].status !== 200) {
      throw new Error('the application does not answer 200 on the guarded routes');
    }
    if (routes['/forbidden/'].status !== 403) throw new Error('the 403 path does not answer 403');
    const ceiling = await startCeiling(ceilingPort, routes);
    children.push(ceiling);

    const loads = {
      status: {
        app: { path: '/status/', headers: auth, expect: 200 },
        ceiling: { path: '/status/', expect: 200 },
      },
      items: {
        app: { path: '/users/me/items/', headers: auth, expect: 200 },
        ceiling: { path: '/users/me/items/', expect: 200 },
      },
      forbidden: {
        app: { path: '/users/me/items/', headers: authMe, expect: 403 },
        ceiling: { path: '/forbidden/', expect: 403 },
      },
    } satisfies Record<string, { app: Load; ceiling: Load }>;
    const login: Load = {
      path: '/token',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: LOGIN_FORM,
      expect: 200,
    };

    log('warm-up');
    for (const { app: a, ceiling: c } of Object.values(loads)) {
      await throughput(ceilingPort, c, 1, CONNECTIONS);
      await throughput(appPort, a, 2, CONNECTIONS);
    }
    await throughput(appPort, login, 2, LOGIN_CONNECTIONS);

    const samples: Record<string, { app: Series; ceiling: Series }> = {
      status: { app: [], ceiling: [] },
      items: { app: [], ceiling: [] },
      forbidden: { app: [], ceiling: [] },
      logins: { app: [], ceiling: [] },
    };
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which side goes first, so drift on a shared machine hits both alike.
      const appFirst = round % 2 === 1;
      for (const [name, load] of Object.entries(loads)) {
        const sides = appFirst ? (['app', 'ceiling'] as const) : (['ceiling', 'app'] as const);
        for (const side of sides) {
          const result = await throughput(
            side === 'app' ? appPort : ceilingPort,
            load[side],
            SECONDS,
            CONNECTIONS,
          );
          if (result.unexpected.length || result.errors) {
            problems.push(
              `${name}/${side}: unexpected ${result.unexpected.join(' ')} errors ${result.errors}`,
            );
          }
          samples[name][side].push(result.perSecond);
        }
      }
      const loginSides = appFirst ? (['app', 'ceiling'] as const) : (['ceiling', 'app'] as const);
      for (const side of loginSides) {
        if (side === 'ceiling') {
          samples.logins.ceiling.push(await argon2Ceiling(SECONDS, LOGIN_CONNECTIONS));
        } else {
          const result = await throughput(appPort, login, SECONDS, LOGIN_CONNECTIONS);
          if (result.unexpected.length) problems.push(`logins: ${result.unexpected.join(' ')}`);
          samples.logins.app.push(result.perSecond);
        }
      }
      log(
        `round ${round + 1}/${ROUNDS}: ` +
          Object.entries(samples)
            .map(
              ([name, s]) => `${name} ${s.app.at(-1)!.toFixed(0)}/${s.ceiling.at(-1)!.toFixed(0)}`,
            )
            .join(', '),
      );
    }

    // Does a login storm stall the API? /status/ latency at a steady rate, idle then storm.
    const idleP99: Series = [];
    const stormP99: Series = [];
    const idleP50: Series = [];
    const stormP50: Series = [];
    const stormLogins: Series = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const idle = await probe(appPort, '/status/', token, SECONDS);
      const [storm, logins] = await Promise.all([
        probe(appPort, '/status/', token, SECONDS),
        throughput(appPort, login, SECONDS, LOGIN_CONNECTIONS),
      ]);
      if (idle.failures || storm.failures)
        problems.push(`probe failures: ${idle.failures}/${storm.failures}`);
      idleP99.push(idle.p99);
      idleP50.push(idle.p50);
      stormP99.push(storm.p99);
      stormP50.push(storm.p50);
      stormLogins.push(logins.perSecond);
      log(
        `storm round ${round + 1}/${ROUNDS}: p99 idle ${idle.p99.toFixed(2)} ms, storm ${storm.p99.toFixed(2)} ms, ${logins.perSecond.toFixed(0)} logins/s`,
      );
    }
    const rss = rssMb(app.child.pid ?? 0);
    await stop(app.child);
    await stop(ceiling);

    // Each round measures both sides back to back: the ratio is the median of the per-round
    // ratios, so a burst of outside load hits the pair and not the comparison.
    const paired = (a: Series, b: Series) => stats(a.map((value, i) => value / b[i])).median;
    const ratio = (name: string) => paired(samples[name].app, samples[name].ceiling);
    /** A row that must reach `target` of its ceiling. */
    const againstCeiling = (name: string, key: string, unit: string, target: number): Row => ({
      name,
      unit,
      app: stats(samples[key].app),
      ceiling: stats(samples[key].ceiling),
      ratio: ratio(key),
      target: `≥ ${target} of ceiling`,
      met: ratio(key) >= target,
    });
    const rows: Row[] = [
      againstCeiling('GET /status/ (200)', 'status', 'req/s', TARGETS.status),
      againstCeiling('GET /users/me/items/ (200)', 'items', 'req/s', TARGETS.items),
      {
        name: 'GET /users/me/items/ (403)',
        unit: 'req/s',
        app: stats(samples.forbidden.app),
        ceiling: stats(samples.forbidden.ceiling),
        ratio: ratio('forbidden'),
        target: '≥ the 200 path',
        met: paired(samples.forbidden.app, samples.items.app) >= 1,
      },
      {
        ...againstCeiling('POST /token', 'logins', 'logins/s', TARGETS.logins),
        ceilingName: '(argon2)',
      },
      {
        name: 'GET /status/ p99 in a login storm',
        unit: 'ms',
        app: stats(stormP99),
        ceiling: stats(idleP99),
        ceilingName: '(idle)',
        ratio: paired(stormP99, idleP99),
        target: `≤ ${TARGETS.stormP99}× idle`,
        met: paired(stormP99, idleP99) <= TARGETS.stormP99,
      },
      {
        name: 'logins during that storm',
        unit: 'logins/s',
        app: stats(stormLogins),
        target: `≥ ${TARGETS.stormLogins}/s`,
        met: stats(stormLogins).median >= TARGETS.stormLogins,
      },
      {
        name: 'cold start to first 200',
        unit: 'ms',
        app: stats(coldStarts),
        target: `≤ ${TARGETS.coldStartMs} ms`,
        met: stats(coldStarts).median <= TARGETS.coldStartMs,
      },
      {
        name: 'RSS after load',
        unit: 'MB',
        app: stats(rss === null ? [] : [rss]),
        target: `≤ ${TARGETS.rssMb} MB`,
        met: rss !== null && rss <= TARGETS.rssMb,
      },
    ];

    const machine = {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? '(application default)',
      argon2CeilingPoolSize: Number(POOL_SIZE),
    };
    const settings = {
      rounds: ROUNDS,
      secondsPerMeasurement: SECONDS,
      connections: CONNECTIONS,
      loginConnections: LOGIN_CONNECTIONS,
      probeRate: PROBE_RATE,
    };
    const output = table(rows);
    process.stdout.write(
      `\nScopegate bench — ${new Date().toISOString()}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}\n` +
        `${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections (${LOGIN_CONNECTIONS} for logins), ` +
        `probe ${PROBE_RATE} req/s; first start with migrations and demo data ${firstStartMs.toFixed(0)} ms\n\n` +
        `${output}\n` +
        (problems.length ? `\nProblems seen:\n  - ${problems.join('\n  - ')}\n` : ''),
    );
    const resultsDir = join(ROOT, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const json = JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        settings,
        firstStartMs,
        probe: { idleP50: stats(idleP50), stormP50: stats(stormP50) },
        rows,
        problems,
        table: output,
      },
      null,
      2,
    );
    writeFileSync(join(resultsDir, 'latest.json'), `${json}\n`);
    writeFileSync(
      join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      `${json}\n`,
    );
  } finally {
    cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
