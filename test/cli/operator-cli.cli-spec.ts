import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../support/app';
import { KEY_ENCRYPTION_SECRET, ServerProcess } from '../support/server-process';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One fresh database per dialect: a SQLite file, a PostgreSQL schema. */
const databases = [
  { name: 'SQLite', url: 'sqlite' },
  { name: 'PostgreSQL', url: POSTGRES_URL },
];

describe.each(databases)('the operator CLI on $name', (database) => {
  let dir: string;
  let env: Record<string, string>;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scopegate-cli-'));
    const created = await freshDatabase(dir, database.url);
    drop = created.drop;
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      KEY_ENCRYPTION_SECRET,
      ...created.env,
    };
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `scopegate <args>` with `input` piped on standard input. */
  function cli(args: string[], input = '', extraEnv: Record<string, string> = {}): Run {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...env, ...extraEnv },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Starts the service on the same database and asks for a token. */
  async function login(username: string, password: string, scope: string) {
    const server = await ServerProcess.start({ ...env, DEMO_DATA: 'false' });
    try {
      return await server.request('POST', '/token', {
        form: { grant_type: 'password', username, password, scope },
      });
    } finally {
      await server.stop();
    }
  }

  it('creates an administrator who can then log in with the admin scope', async () => {
    const run = cli(['users', 'create-admin', 'ops'], 'ops-password-123\n');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^created administrator ops [0-9a-f-]{36}\n$/);
    expect(run.stdout + run.stderr).not.toContain('ops-password-123');
    const token = await login('ops', 'ops-password-123', 'admin');
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('admin');
  });

  it('sets a password, grants and revokes scopes, disables and enables', async () => {
    expect(cli(['users', 'create', 'dana', '--scopes', 'me'], 'dana-password-1\n')).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^created user dana [0-9a-f-]{36} scopes=me\n$/),
    });
    expect(cli(['users', 'set-password', 'dana'], 'dana-password-2\n').status).toBe(0);
    expect(cli(['users', 'grant', 'dana', 'items:read', 'items:write'])).toMatchObject({
      status: 0,
      stdout: 'dana scopes=me,items:read,items:write\n',
    });
    expect(cli(['users', 'revoke', 'dana', 'items:read']).stdout).toBe(
      'dana scopes=me,items:write\n',
    );
    expect(cli(['users', 'disable', 'dana'])).toMatchObject({
      status: 0,
      stdout: 'disabled dana\n',
    });
    expect((await login('dana', 'dana-password-2', 'me')).status).toBe(400);
    expect(cli(['users', 'enable', 'dana']).stdout).toBe('enabled dana\n');
    const token = await login('dana', 'dana-password-2', 'me items:write');
    expect(token.body.scope).toBe('me items:write');
  });

  it.each([
    [
      'an unknown user',
      ['users', 'set-password', 'nobody'],
      'pw-for-nobody-1\n',
      /No user named "nobody"/,
    ],
    [
      'a weak password',
      ['users', 'create', 'erin'],
      'short\n',
      /password must be longer than or equal to 8/,
    ],
    [
      'an empty password',
      ['users', 'create', 'erin'],
      '',
      /password must be longer than or equal to 8/,
    ],
    [
      'a scope not in the catalog',
      ['users', 'grant', 'ops', 'nope'],
      '',
      /Unknown scope\(s\): nope/,
    ],
    ['a taken username', ['users', 'create', 'OPS'], 'another-password\n', /already taken/],
    ['an unknown command', ['users', 'frob'], '', /unknown command 'frob'/],
    ['a missing argument', ['users', 'set-password'], '', /missing required argument 'username'/],
  ])(
    'refuses %s with one line on stderr and exit code 1, changing nothing',
    (_, args, input, message) => {
      const run = cli(args, input);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    },
  );

  it('left nothing half-written after the refusals', () => {
    expect(cli(['users', 'grant', 'ops', 'admin']).stdout).toBe('ops scopes=admin\n');
    expect(cli(['users', 'create', 'erin'], 'erin-password-1\n').status).toBe(0);
  });

  it('lists and rotates the signing keys', () => {
    const before = cli(['keys', 'list']);
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/^\S+ ES256 signing activates=\S+ retires=-\n$/);
    const rotated = cli(['keys', 'rotate']);
    expect(rotated).toMatchObject({ status: 0, stderr: '' });
    expect(rotated.stdout).toMatch(/^published \S+ ES256, signing from \S+\n$/);
    const after = cli(['keys', 'list']).stdout.trim().split('\n');
    expect(after.map((line) => line.split(' ')[2])).toEqual(['signing', 'published']);
  });

  it('shows help for every command, and exits 0', () => {
    for (const args of [
      ['--help'],
      ['users', '--help'],
      ['users', 'create', '--help'],
      ['keys', '--help'],
    ]) {
      const run = cli(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Usage:/);
    }
  });

  it('says in one line that the database is unreachable, exit code 3', () => {
    const run = cli(['keys', 'list'], '', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
      DATABASE_SCHEMA: '',
    });
    expect(run).toMatchObject({
      status: 3,
      stdout: '',
      stderr: 'error: the database is unavailable; nothing was changed\n',
    });
  });
});
