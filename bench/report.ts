import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import type { LoginStorm } from './measurements/login-storm';
import type { Samples, Side } from './measurements/throughput';
import {
  CONNECTIONS,
  LOGIN_CONNECTIONS,
  POOL_SIZE,
  PROBE_RATE,
  ROOT,
  ROUNDS,
  SECONDS,
  TARGETS,
} from './settings';
import { paired, stats, type Series, type Stats } from './stats';

/** One line of the table: a figure, what it is compared with, and its target. */
export interface Row {
  name: string;
  unit: string;
  app: Stats;
  ceiling?: Stats;
  ceilingName?: string;
  ratio?: number;
  /** Server CPU microseconds per answer, ours and the ceiling's, where measured. */
  cpu?: { app: Stats; ceiling?: Stats };
  target: string;
  met: boolean;
}

/** How the table names each kind of ceiling (bare Node has no name: it is the ceiling). */
const CEILING_NAMES: Record<'ceiling' | 'nest' | 'peer', string | undefined> = {
  ceiling: undefined,
  nest: '(NestJS)',
  peer: '(oidc-provider)',
};

/** Everything one run measured. */
export interface Measurements {
  samples: Samples;
  cpu: Samples;
  storm: LoginStorm;
  coldStarts: Series;
  firstStartMs: number;
  rssMb: number | null;
  problems: string[];
}

/** The table's rows, each with its ratio and whether it meets its target. */
export function rowsOf(m: Measurements): Row[] {
  const series = (key: string, side: Side) => m.samples[key][side]!;
  const cpuOf = (key: string, side: Side): Stats | undefined => {
    const measured = m.cpu[key]?.[side];
    return measured && measured.length > 0 ? stats(measured) : undefined;
  };
  /** Server CPU per answer against the NestJS floor's: floor ÷ ours, so higher is better. */
  const cpuAgainstFloor = (name: string, key: string, target: number): Row => {
    const ratio = paired(m.cpu[key].nest!, m.cpu[key].app!);
    return {
      name,
      unit: 'µs/req',
      app: stats(m.cpu[key].app!),
      ceiling: stats(m.cpu[key].nest!),
      ceilingName: '(NestJS)',
      ratio,
      target: `floor ÷ ours ≥ ${target}`,
      met: ratio >= target,
    };
  };
  /** A row that must reach `target` of a ceiling: bare Node (`ceiling`) or the NestJS floor. */
  const against = (
    name: string,
    key: string,
    ceiling: 'ceiling' | 'nest' | 'peer',
    unit: string,
    target: number | undefined,
    appKey = key,
  ): Row => {
    const app = series(appKey, 'app');
    const ratio = paired(app, series(key, ceiling));
    const ours = cpuOf(appKey, 'app');
    return {
      name,
      unit,
      app: stats(app),
      ceiling: stats(series(key, ceiling)),
      ceilingName: CEILING_NAMES[ceiling],
      ratio,
      ...(ours ? { cpu: { app: ours, ceiling: cpuOf(key, ceiling) } } : {}),
      target:
        target === undefined
          ? 'measured'
          : `≥ ${target} of ${ceiling === 'peer' ? 'the peer' : 'ceiling'}`,
      met: target === undefined || ratio >= target,
    };
  };
  /** A figure of ours alone, with its server CPU per answer. */
  const measured = (name: string, key: string, unit: string): Row => {
    const ours = cpuOf(key, 'app');
    return {
      name,
      unit,
      app: stats(series(key, 'app')),
      ...(ours ? { cpu: { app: ours } } : {}),
      target: 'measured',
      met: true,
    };
  };
  const stormRatio = paired(m.storm.stormP99, m.storm.idleP99);
  return [
    against('GET /status/ (200)', 'status', 'ceiling', 'req/s', TARGETS.status),
    against('GET /status/ (200)', 'status', 'nest', 'req/s', TARGETS.statusVsNest),
    against(
      'GET /status/, TOKEN_CACHE_SIZE=0',
      'status',
      'nest',
      'req/s',
      undefined,
      'statusUncached',
    ),
    against('GET /users/me/items/ (200)', 'items', 'ceiling', 'req/s', TARGETS.items),
    against('GET /users/me/items/ (200)', 'items', 'nest', 'req/s', TARGETS.itemsVsNest),
    {
      ...against('GET /users/me/items/ (403)', 'forbidden', 'nest', 'req/s', undefined),
      target: '≥ the 200 path',
      met: paired(series('forbidden', 'app'), series('items', 'app')) >= 1,
    },
    {
      ...against('POST /token', 'logins', 'ceiling', 'logins/s', TARGETS.logins),
      ceilingName: '(argon2)',
    },
    cpuAgainstFloor('GET /status/ server CPU', 'status', TARGETS.statusCpuVsNest),
    cpuAgainstFloor('GET /users/me/items/ server CPU', 'items', TARGETS.itemsCpuVsNest),
    against(
      'POST /token client_credentials (Basic)',
      'clientCredentials',
      'peer',
      'tokens/s',
      TARGETS.clientCredentialsVsPeer,
    ),
    against(
      'POST /introspect (Basic)',
      'introspection',
      'peer',
      'req/s',
      TARGETS.introspectionVsPeer,
    ),
    measured('POST /token refresh_token (rotation)', 'refresh', 'grants/s'),
    {
      name: 'GET /status/ p99 in a login storm',
      unit: 'ms',
      app: stats(m.storm.stormP99),
      ceiling: stats(m.storm.idleP99),
      ceilingName: '(idle)',
      ratio: stormRatio,
      target: `≤ ${TARGETS.stormP99}× idle`,
      met: stormRatio <= TARGETS.stormP99,
    },
    {
      name: 'logins during that storm',
      unit: 'logins/s',
      app: stats(m.storm.stormLogins),
      target: `≥ ${TARGETS.stormLogins}/s`,
      met: stats(m.storm.stormLogins).median >= TARGETS.stormLogins,
    },
    {
      name: 'cold start to first 200',
      unit: 'ms',
      app: stats(m.coldStarts),
      target: `≤ ${TARGETS.coldStartMs} ms`,
      met: stats(m.coldStarts).median <= TARGETS.coldStartMs,
    },
    {
      name: 'RSS after load',
      unit: 'MB',
      app: stats(m.rssMb === null ? [] : [m.rssMb]),
      target: `≤ ${TARGETS.rssMb} MB`,
      met: m.rssMb !== null && m.rssMb <= TARGETS.rssMb,
    },
  ];
}

/** Prints the table and writes `bench/results/latest.json` (and a dated copy). */
export function report(m: Measurements): void {
  const rows = rowsOf(m);
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
      `probe ${PROBE_RATE} req/s; first start with migrations and demo data ${m.firstStartMs.toFixed(0)} ms\n\n` +
      `${output}\n` +
      (m.problems.length ? `\nProblems seen:\n  - ${m.problems.join('\n  - ')}\n` : ''),
  );
  const json = JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      settings,
      firstStartMs: m.firstStartMs,
      probe: { idleP50: stats(m.storm.idleP50), stormP50: stats(m.storm.stormP50) },
      rows,
      problems: m.problems,
      table: output,
    },
    null,
    2,
  );
  const resultsDir = join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), `${json}\n`);
  writeFileSync(
    join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    `${json}\n`,
  );
}

function format(value: number, unit: string): string {
  if (unit.endsWith('/s') || unit === 'µs/req')
    return value >= 100 ? value.toFixed(0) : value.toFixed(1);
  if (unit === 'ms') return value >= 100 ? value.toFixed(0) : value.toFixed(2);
  return value.toFixed(1);
}

function cell(s: Stats, unit: string): string {
  return `${format(s.median, unit)} (${format(s.min, unit)}–${format(s.max, unit)})`;
}

function table(rows: Row[]): string {
  const header = [
    'measurement',
    'Scopegate',
    'ceiling',
    'ratio',
    'server CPU µs/req (ours / ceiling)',
    'target',
    'met',
  ];
  const lines = rows.map((row) => [
    `${row.name} [${row.unit}]`,
    cell(row.app, row.unit),
    row.ceiling ? `${cell(row.ceiling, row.unit)} ${row.ceilingName ?? ''}`.trim() : '—',
    row.ratio === undefined ? '—' : row.ratio.toFixed(2),
    row.cpu
      ? `${row.cpu.app.median.toFixed(0)} / ${row.cpu.ceiling ? row.cpu.ceiling.median.toFixed(0) : '—'}`
      : '—',
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
