import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ServerProcess } from '../test/support/server-process';
import { POOL_SIZE, ROOT } from './settings';

/** What a route answered: the ceiling server replays it byte for byte. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The real application (`node dist/main.js`) on the bench's SQLite file, with this process's
 * environment (so UV_THREADPOOL_SIZE, LOG_LEVEL… reach it) and its output in `app.log`.
 */
export function startService(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  return ServerProcess.spawn(
    {
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      DATABASE_URL: `sqlite:${join(dataDir, 'scopegate.sqlite')}`,
      DATA_DIR: dataDir,
      // Every start takes another port; one issuer keeps the tokens of earlier starts valid.
      ISSUER: process.env.ISSUER ?? 'https://auth.example.test',
      // The token endpoint's brute-force limits would cap the login storm: raise them.
      TOKEN_RATE_LIMIT_PER_IP: process.env.TOKEN_RATE_LIMIT_PER_IP ?? '1000000',
      ...env,
    },
    { inheritEnvironment: true, logFile: join(dataDir, 'app.log') },
  );
}

/**
 * A server answering `routes` (path → answer) with nothing else to do: `ceiling-server.js`
 * (bare `node:http`) or `nest-floor.js` (the least a NestJS + Fastify service does).
 */
export async function startCeiling(
  script: 'ceiling-server.js' | 'nest-floor.js',
  port: number,
  routes: Record<string, Answer>,
): Promise<ChildProcess> {
  const child = fork(join(__dirname, script), [], { stdio: 'inherit' });
  const ready = new Promise((done) => child.once('message', done));
  child.send({ port, routes });
  await ready;
  return child;
}

/**
 * The peer OAuth 2.0 server (`bench/peers/oidc-provider.mjs`: node-oidc-provider, ESM, so not
 * compiled with the bench) listening on `port`.
 */
export async function startPeer(port: number): Promise<ChildProcess> {
  const child = fork(join(ROOT, 'bench', 'peers', 'oidc-provider.mjs'), [], {
    // Its start-up warnings (development adapter, Node version) say nothing about the load.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = new Promise((done) => child.once('message', done));
  child.send({ port });
  await ready;
  return child;
}

/** Raw `argon2.verify` calls per second at the application's parameters: the login ceiling. */
export async function argon2Ceiling(seconds: number, concurrency: number): Promise<number> {
  const child = fork(join(__dirname, 'argon2-ceiling.js'), [], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: POOL_SIZE },
  });
  const result = new Promise<{ perSecond: number }>((done) => child.once('message', done));
  child.send({ seconds, concurrency });
  const { perSecond } = await result;
  await stopChild(child);
  return perSecond;
}

/** SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
