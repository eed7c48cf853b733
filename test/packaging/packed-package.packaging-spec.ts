import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, DEMO_SERVICE } from '../support/oauth';
import { ServerProcess } from '../support/server-process';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'packages', 'resource-server');
const EXAMPLE = join(ROOT, 'examples', 'resource-server');

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * What a team outside this repository does: `npm pack` the package, install the tarball into
 * a fresh NestJS application (the example's sources and package.json, Express), compile it
 * with its own TypeScript, and start it against a running Scopegate.
 */
describe('the packed @scopegate/resource-server in a fresh NestJS application', () => {
  let work: string;
  let scopegate: ServerProcess;
  let service: ChildProcess;
  let serviceUrl: string;
  let serviceOutput = '';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'scopegate-packaging-'));
    run('npm', ['pack', '--silent', '--pack-destination', work], PACKAGE);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))!;

    const app = join(work, 'reports-service');
    cpSync(EXAMPLE, app, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    manifest.dependencies['@scopegate/resource-server'] = `file:${join(work, tarball)}`;
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
    run('npm', ['run', 'build', '--silent'], app);

    const dir = mkdtempSync(join(work, 'scopegate-'));
    scopegate = await ServerProcess.start({
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'scopegate.sqlite')}`,
    });
    const port = await freePort();
    serviceUrl = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, ['dist/main.js'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', ISSUER: scopegate.url, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (chunk: Buffer) => (serviceOutput += chunk.toString()));
    service.stderr!.on('data', (chunk: Buffer) => (serviceOutput += chunk.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${serviceUrl}/health`)).status === 200) break;
      } catch {
        // Not listening yet.
      }
      if (service.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the service did not start:\n${serviceOutput}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    service?.kill('SIGTERM');
    await scopegate?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const reports = async (token?: string) =>
    fetch(`${serviceUrl}/reports`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('installed the package from the tarball, not from the workspace', () => {
    const installed = join(
      work,
      'reports-service',
      'node_modules',
      '@scopegate',
      'resource-server',
    );
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      name: string;
    };
    expect(manifest.name).toBe('@scopegate/resource-server');
    // Only the build and the README ship: no sources, no specs.
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json']);
  });

  it('answers 401 without a token', async () => {
    const response = await reports();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="scopegate", scope="items:read"',
    );
  });

  it("answers 403 to a token without the route's scope", async () => {
    const response = await reports(await scopegate.token('johndoe', 'secret', 'me'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: 'insufficient_scope',
      scope: 'items:read',
    });
  });

  it("answers 200 to a user's token and to a client's own token", async () => {
    expect((await reports(await scopegate.token('johndoe', 'secret', 'items:read'))).status).toBe(
      200,
    );
    const grant = await scopegate.request('POST', '/token', {
      form: { grant_type: 'client_credentials', scope: 'items:read' },
      headers: { authorization: basic(DEMO_SERVICE.id, DEMO_SERVICE.secret) },
    });
    expect(grant.status).toBe(200);
    const response = await reports(grant.body.access_token as string);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ subject: 'demo-service', actingFor: 'itself' });
  });
});
