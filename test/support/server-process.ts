import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { TEST_ENVIRONMENT } from './environment';
import { accessTokenFor, httpRequest, type HttpResult, type RequestOptions } from './http';

export interface SpawnOptions {
  /** Start from this process's environment rather than from PATH alone (the bench does). */
  inheritEnvironment?: boolean;
  /** Append the server's output to this file instead of keeping it in memory. */
  logFile?: string;
}

/**
 * The built server (`node dist/main.js`) as a child process, as an operator runs it. Shared by
 * the fault tests and the bench.
 */
export class ServerProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** When the process was spawned (`process.hrtime.bigint()`), for start-up timings. */
  readonly startedAt = process.hrtime.bigint();
  /** Every status seen: the suites assert none is a 5xx unless the test expects it. */
  readonly statuses: number[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Starts a test instance on a free port with the given variables and waits until it is live. */
  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const server = await ServerProcess.spawn(env);
    await server.waitUntil(async () => (await fetch(`${server.url}/health/live`)).status === 200);
    return server;
  }

  /** Spawns a test instance on a free port and returns at once (it is not listening yet). */
  static async spawn(
    env: Record<string, string>,
    options: SpawnOptions = {},
  ): Promise<ServerProcess> {
    const port = await freePort();
    const base = options.inheritEnvironment ? process.env : { PATH: process.env.PATH ?? '' };
    const output = options.logFile ? openSync(options.logFile, 'a') : 'pipe';
    const child = spawn(process.execPath, [join(projectRoot(), 'dist', 'main.js')], {
      cwd: projectRoot(),
      env: { ...base, ...TEST_ENVIRONMENT, HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', output, output],
    });
    return new ServerProcess(child, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the server printed (when it was not sent to a log file). */
  get logs(): string {
    return this.output;
  }

  /**
   * Polls `check` every `pollMs` until it answers true; returns the milliseconds since the
   * process was spawned. Fails if the process exits or 30 s pass.
   */
  async waitUntil(check: () => Promise<boolean>, pollMs = 100): Promise<number> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`the server exited with ${this.child.exitCode}:\n${this.output}`);
      }
      try {
        if (await check()) return Number(process.hrtime.bigint() - this.startedAt) / 1e6;
      } catch {
        // Not listening yet.
      }
      await sleep(pollMs);
    }
    this.child.kill('SIGKILL');
    throw new Error(`the server did not come up:\n${this.output}`);
  }

  request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResult<T>> {
    return httpRequest<T>(this.url, method, path, options, this.statuses);
  }

  token(username: string, password: string, scope?: string): Promise<string> {
    return accessTokenFor(this, username, password, scope);
  }

  /**
   * Sends `signal` and waits for the process to end; after `killAfterMs` without an exit it is
   * killed (by default it is waited for as long as it takes).
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs?: number) {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    if (killAfterMs === undefined) return this.exited;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  whenExited() {
    return this.exited;
  }

  /** Resident memory of the process in MB (Linux), or null where it cannot be read. */
  rssMb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) / 1024 : null;
    } catch {
      return null;
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The repository root, found from wherever this file was compiled to (test/ or dist/bench/). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}
