import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../support/app';
import { TEST_KEY_ENCRYPTION_SECRET } from '../support/environment';
import { ServerProcess } from '../support/server-process';

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
      KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
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

  /** Starts the service on the same database for the time of `use`. */
  async function withServer<T>(use: (server: ServerProcess) => Promise<T>): Promise<T> {
    const server = await ServerProcess.start({ ...env, DEMO_DATA: 'false' });
    try {
      return await use(server);
    } finally {
      await server.stop();
    }
  }

  /** Starts the service on the same database and asks for a token. */
  function login(username: string, password: string, scope: string) {
    return withServer((server) =>
      server.request('POST', '/token', {
        form: { grant_type: 'password', username, password, scope },
      }),
    );
  }

  /** A client_credentials request with HTTP Basic credentials. */
  const clientToken = (server: ServerProcess, clientId: string, secret: string) =>
    server.request('POST', '/token', {
      form: { grant_type: 'client_credentials' },
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
    });

  /** The secret a `clients create` or `rotate-secret` printed. */
  const secretIn = (stdout: string) => /^client_secret: (\S+)$/m.exec(stdout)?.[1] ?? '';

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

  it('registers a client, prints its secret once, lists, disables, enables and rotates it', async () => {
    const created = cli([
      'clients',
      'create',
      'reporting',
      '--name',
      'Reporting job',
      '--scopes',
      'items:read',
      '--introspect',
    ]);
    expect(created).toMatchObject({ status: 0, stderr: '' });
    expect(created.stdout).toMatch(
      /^created reporting confidential enabled grants=client_credentials scopes=items:read redirect_uris= consent=true introspect=true "Reporting job"\nclient_secret: [A-Za-z0-9_-]{43}\n/,
    );
    const secret = secretIn(created.stdout);
    const listed = cli(['clients', 'list']);
    expect(listed.stdout).toContain('reporting confidential enabled');
    expect(listed.stdout).not.toContain(secret);

    await withServer(async (server) => {
      expect((await clientToken(server, 'reporting', secret)).status).toBe(200);
    });
    expect(cli(['clients', 'disable', 'reporting'])).toMatchObject({
      status: 0,
      stdout: 'disabled reporting\n',
    });
    await withServer(async (server) => {
      expect((await clientToken(server, 'reporting', secret)).status).toBe(401);
    });
    expect(cli(['clients', 'enable', 'reporting']).stdout).toBe('enabled reporting\n');
    const rotated = cli(['clients', 'rotate-secret', 'reporting']);
    expect(rotated.status).toBe(0);
    const newSecret = secretIn(rotated.stdout);
    expect(newSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret).not.toBe(secret);
    await withServer(async (server) => {
      expect((await clientToken(server, 'reporting', secret)).status).toBe(401);
      expect((await clientToken(server, 'reporting', newSecret)).status).toBe(200);
    });
  });

  it('registers an app of the code flow, then changes its redirect URIs and consent', async () => {
    const created = cli([
      'clients',
      'create',
      'mobile',
      '--type',
      'public',
      '--grants',
      'authorization_code,refresh_token',
      '--scopes',
      'me',
      '--redirect-uris',
      'com.example.mobile:/cb,http://127.0.0.1/cb',
      '--no-consent',
    ]);
    expect(created).toMatchObject({ status: 0, stderr: '' });
    expect(created.stdout).toBe(
      'created mobile public enabled grants=authorization_code,refresh_token scopes=me redirect_uris=com.example.mobile:/cb,http://127.0.0.1/cb consent=false introspect=false "mobile"\n',
    );
    const changed = cli([
      'clients',
      'set',
      'mobile',
      '--redirect-uris',
      'https://mobile.example/cb',
      '--consent',
    ]);
    expect(changed.stdout).toBe(
      'updated mobile public enabled grants=authorization_code,refresh_token scopes=me redirect_uris=https://mobile.example/cb consent=true introspect=false "mobile"\n',
    );
    await withServer(async (server) => {
      const shown = await server.request('GET', '/.well-known/oauth-authorization-server');
      expect(shown.body.grant_types_supported).toContain('authorization_code');
    });
  });

  it("ends a user's sessions: their refresh token stops working", async () => {
    expect(cli(['users', 'create', 'gus', '--scopes', 'me'], 'gus-password-1\n').status).toBe(0);
    const login = await withServer((server) =>
      server.request('POST', '/token', {
        form: { grant_type: 'password', username: 'gus', password: 'gus-password-1', scope: 'me' },
      }),
    );
    expect(cli(['users', 'end-sessions', 'gus'])).toMatchObject({
      status: 0,
      stdout: 'ended 1 session(s) of gus\n',
    });
    const refreshed = await withServer((server) =>
      server.request('POST', '/token', {
        form: { grant_type: 'refresh_token', refresh_token: login.body.refresh_token },
      }),
    );
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it.each([
    ['an unknown client', ['clients', 'disable', 'nobody'], /No client with id nobody/],
    [
      'an unknown scope for a client',
      ['clients', 'create', 'bad-scope', '--scopes', 'nope'],
      /Unknown scope\(s\): nope/,
    ],
    [
      'a public client with client_credentials',
      ['clients', 'create', 'pub', '--type', 'public'],
      /public client cannot use client_credentials/,
    ],
    ['an unknown grant', ['clients', 'create', 'x', '--grants', 'implicit'], /grantTypes/],
    ['a malformed client id', ['clients', 'create', 'has space'], /clientId must be/],
    ['a taken client id', ['clients', 'create', 'reporting'], /already taken/],
    ['rotating a public client', ['clients', 'rotate-secret', 'first-party'], /built in/],
    [
      'the code flow without a redirect URI',
      ['clients', 'create', 'no-uri', '--type', 'public', '--grants', 'authorization_code'],
      /needs a redirect URI/,
    ],
    [
      'a plain http redirect URI',
      ['clients', 'set', 'mobile', '--redirect-uris', 'http://mobile.example/cb'],
      /loopback/,
    ],
    ['ending the sessions of nobody', ['users', 'end-sessions', 'nobody'], /No user named/],
  ])('refuses %s with one line on stderr and exit code 1', (_, args, message) => {
    const run = cli(args);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it("sets a user's e-mail address, verified or not", () => {
    expect(cli(['users', 'set-email', 'erin', 'erin@example.test', '--verified']).stdout).toBe(
      'erin email=erin@example.test email_verified=true\n',
    );
    expect(cli(['users', 'set-email', 'erin', 'erin@other.test']).stdout).toBe(
      'erin email=erin@other.test email_verified=false\n',
    );
    const refused = cli(['users', 'set-email', 'erin', 'not-an-address']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/email must be an email/);
  });

  it('lists and rotates the signing keys', () => {
    const before = cli(['keys', 'list']);
    expect(before.status).toBe(0);
    // One key per algorithm: ES256 (access tokens) and RS256 (ID tokens).
    expect(before.stdout).toMatch(
      /^\S+ ES256 signing activates=\S+ retires=-\n\S+ RS256 signing activates=\S+ retires=-\n$/,
    );
    const rotated = cli(['keys', 'rotate']);
    expect(rotated).toMatchObject({ status: 0, stderr: '' });
    expect(rotated.stdout).toMatch(
      /^published \S+ ES256, signing from \S+\npublished \S+ RS256, signing from \S+\n$/,
    );
    const after = cli(['keys', 'list']).stdout.trim().split('\n');
    expect(after.map((line) => line.split(' ').slice(1, 3).join(' ')).sort()).toEqual([
      'ES256 published',
      'ES256 signing',
      'RS256 published',
      'RS256 signing',
    ]);
  });

  it('shows help for every command, and exits 0', () => {
    for (const args of [
      ['--help'],
      ['users', '--help'],
      ['users', 'create', '--help'],
      ['users', 'end-sessions', '--help'],
      ['clients', '--help'],
      ['clients', 'create', '--help'],
      ['clients', 'rotate-secret', '--help'],
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
