import type { ChildProcess } from 'node:child_process';
import { freePort, type ServerProcess } from '../../test/support/server-process';
import { cpuSeconds, throughput, type Load } from '../load';
import { argon2Ceiling, startCeiling, startPeer, type Answer } from '../processes';
import { CONNECTIONS, log, LOGIN_CONNECTIONS, ROUNDS, SECONDS } from '../settings';
import type { Series } from '../stats';

/**
 * Who answers a load: the service, the NestJS floor, the bare Node.js server, or the peer
 * OAuth 2.0 server (node-oidc-provider).
 */
export type Side = 'app' | 'nest' | 'ceiling' | 'peer';

/** Measurement name → one sample per round for each side measured. */
export type Samples = Record<string, Partial<Record<Side, Series>>>;

export interface Throughput {
  samples: Samples;
  /** The same measurements as server CPU microseconds per answer (from /proc). */
  cpu: Samples;
  problems: string[];
  ceilings: ChildProcess[];
}

/** johndoe's password grant, as the login measurements send it. */
const LOGIN_FORM = {
  grant_type: 'password',
  username: 'johndoe',
  password: 'secret',
  scope: 'me items',
};

/** One password-grant request for johndoe, as the login measurements send it. */
export const LOGIN: Load = {
  path: '/token',
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(LOGIN_FORM).toString(),
  expect: 200,
};

/** `demo-service`'s own token by HTTP Basic, as a service renewing its token sends it. */
export const CLIENT_CREDENTIALS: Load = {
  path: '/token',
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from('demo-service:demo-service-secret').toString('base64')}`,
  },
  body: 'grant_type=client_credentials',
  expect: 200,
};

/** `demo-service` asking whether `token` is active, as a resource server that introspects. */
function introspection(token: string, path = '/introspect'): Load {
  return { ...CLIENT_CREDENTIALS, path, body: new URLSearchParams({ token }).toString() };
}

/** The same client-credentials request to node-oidc-provider (its scope is not implied). */
const PEER_CLIENT_CREDENTIALS: Load = {
  ...CLIENT_CREDENTIALS,
  body: 'grant_type=client_credentials&scope=items%3Aread',
};

/** An opaque token of the peer's, the only kind it introspects. */
async function peerOpaqueToken(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/token`, {
    method: 'POST',
    headers: CLIENT_CREDENTIALS.headers,
    body: `${PEER_CLIENT_CREDENTIALS.body}&resource=${encodeURIComponent(OPAQUE_RESOURCE)}`,
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`the peer issued no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The resource whose tokens node-oidc-provider keeps opaque (bench/peers/oidc-provider.mjs). */
const OPAQUE_RESOURCE = 'urn:scopegate:opaque';

/**
 * Requests per second of the guarded routes (200 and 403) against the NestJS floor and a bare
 * server answering the same bytes, `GET /status/` again on an instance without the verified-token
 * cache, and logins against raw argon2. The sides alternate within each round, after a warm-up.
 */
export async function measureThroughput(
  service: ServerProcess,
  uncached: ServerProcess,
  token: string,
  tokenMe: string,
): Promise<Throughput> {
  const auth = { authorization: `Bearer ${token}` };
  const authMe = { authorization: `Bearer ${tokenMe}` };
  const routes = {
    '/status/': await answer(service, '/status/', auth, 200),
    '/users/me/items/': await answer(service, '/users/me/items/', auth, 200),
    '/forbidden/': await answer(service, '/users/me/items/', authMe, 403),
  };
  const ports: Record<Side, number> = {
    app: service.port,
    nest: await freePort(),
    ceiling: await freePort(),
    peer: await freePort(),
  };
  const ceilings = [
    await startCeiling('ceiling-server.js', ports.ceiling, routes),
    await startCeiling('nest-floor.js', ports.nest, routes),
  ];
  ceilings.push(await startPeer(ports.peer));
  const pids: Record<Side, number | undefined> = {
    app: service.child.pid,
    ceiling: ceilings[0].pid,
    nest: ceilings[1].pid,
    peer: ceilings[2].pid,
  };
  const peerIntrospect = introspection(await peerOpaqueToken(ports.peer), '/token/introspection');
  const bare = (path: string, expect: number): Load => ({ path, expect });
  const loads: Record<string, Partial<Record<Side, Load>>> = {
    status: {
      app: { path: '/status/', headers: auth, expect: 200 },
      nest: bare('/status/', 200),
      ceiling: bare('/status/', 200),
    },
    items: {
      app: { path: '/users/me/items/', headers: auth, expect: 200 },
      nest: bare('/users/me/items/', 200),
      ceiling: bare('/users/me/items/', 200),
    },
    forbidden: {
      app: { path: '/users/me/items/', headers: authMe, expect: 403 },
      nest: bare('/forbidden/', 403),
      ceiling: bare('/forbidden/', 403),
    },
  };

  log('warm-up');
  for (const sides of Object.values(loads)) {
    for (const [side, load] of Object.entries(sides)) {
      await throughput(ports[side as Side], load, 2, CONNECTIONS);
    }
  }
  await throughput(uncached.port, loads.status.app!, 2, CONNECTIONS);
  await throughput(service.port, LOGIN, 2, LOGIN_CONNECTIONS);
  const introspect = introspection(token);
  await throughput(service.port, CLIENT_CREDENTIALS, 2, CONNECTIONS);
  await throughput(service.port, introspect, 2, CONNECTIONS);
  await throughput(ports.peer, PEER_CLIENT_CREDENTIALS, 2, CONNECTIONS);
  await throughput(ports.peer, peerIntrospect, 2, CONNECTIONS);

  const samples: Samples = {
    status: { app: [], nest: [], ceiling: [] },
    items: { app: [], nest: [], ceiling: [] },
    forbidden: { app: [], nest: [], ceiling: [] },
    statusUncached: { app: [] },
    logins: { app: [], ceiling: [] },
    clientCredentials: { app: [], peer: [] },
    introspection: { app: [], peer: [] },
    refresh: { app: [] },
  };
  const cpu: Samples = Object.fromEntries(
    Object.entries(samples).map(([name, sides]) => [
      name,
      Object.fromEntries(Object.keys(sides).map((side) => [side, [] as Series])),
    ]),
  );
  const problems: string[] = [];
  const record = (name: string, side: Side, result: Measured) => {
    if (result.unexpected.length || result.errors) {
      problems.push(
        `${name}/${side}: unexpected ${result.unexpected.join(' ')} errors ${result.errors}`,
      );
    }
    samples[name][side]!.push(result.perSecond);
    if (result.cpuMicrosPerRequest !== null) cpu[name][side]!.push(result.cpuMicrosPerRequest);
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate which side goes first, so drift on a shared machine hits every side alike.
    const order = (['app', 'nest', 'ceiling'] as const).map(
      (_, i, all) => all[(i + round) % all.length],
    );
    for (const [name, sides] of Object.entries(loads)) {
      for (const side of order) {
        record(
          name,
          side,
          await throughput(ports[side], sides[side]!, SECONDS, CONNECTIONS, pids[side]),
        );
      }
      if (name === 'status') {
        const result = await throughput(
          uncached.port,
          sides.app!,
          SECONDS,
          CONNECTIONS,
          uncached.child.pid,
        );
        record('statusUncached', 'app', result);
      }
    }
    for (const side of round % 2 ? (['app', 'ceiling'] as const) : (['ceiling', 'app'] as const)) {
      if (side === 'ceiling') {
        samples.logins.ceiling!.push(await argon2Ceiling(SECONDS, LOGIN_CONNECTIONS));
      } else {
        record(
          'logins',
          'app',
          await throughput(service.port, LOGIN, SECONDS, LOGIN_CONNECTIONS, pids.app),
        );
      }
    }
    // Ours and the peer's side by side, whichever goes first alternating with the rounds.
    for (const side of round % 2 ? (['peer', 'app'] as const) : (['app', 'peer'] as const)) {
      const [port, cc, intro] =
        side === 'app'
          ? [service.port, CLIENT_CREDENTIALS, introspect]
          : [ports.peer, PEER_CLIENT_CREDENTIALS, peerIntrospect];
      record(
        'clientCredentials',
        side,
        await throughput(port, cc, SECONDS, CONNECTIONS, pids[side]),
      );
      record(
        'introspection',
        side,
        await throughput(port, intro, SECONDS, CONNECTIONS, pids[side]),
      );
    }
    record('refresh', 'app', await refreshes(service, SECONDS, CONNECTIONS));
    log(
      `round ${round + 1}/${ROUNDS}: ` +
        Object.entries(samples)
          .map(
            ([name, sides]) =>
              `${name} ${Object.values(sides)
                .map((series) => series.at(-1)!.toFixed(0))
                .join('/')}`,
          )
          .join(', '),
    );
  }
  return { samples, cpu, problems, ceilings };
}

type Measured = Awaited<ReturnType<typeof throughput>>;

/**
 * Refresh-token grants per second: `connections` clients each log in once, then trade their
 * refresh token for a new pair as fast as they can (every answer's refresh token is the next
 * request's: rotation allows nothing else). Each success is one conditional update and one
 * signature.
 */
async function refreshes(
  service: ServerProcess,
  seconds: number,
  connections: number,
): Promise<Measured> {
  const tokens = await Promise.all(
    Array.from({ length: connections }, async () => {
      const login = await service.request('POST', '/token', { form: LOGIN_FORM });
      return login.body.refresh_token as string;
    }),
  );
  const unexpected: string[] = [];
  let errors = 0;
  let answered = 0;
  const cpuBefore = cpuSeconds(service.child.pid);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    tokens.map(async (first) => {
      let token = first;
      while (performance.now() < deadline) {
        try {
          const result = await service.request('POST', '/token', {
            form: { grant_type: 'refresh_token', refresh_token: token },
          });
          if (result.status !== 200) {
            unexpected.push(String(result.status));
            return;
          }
          token = result.body.refresh_token as string;
          answered += 1;
        } catch {
          errors += 1;
          return;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(service.child.pid);
  return {
    perSecond: answered / elapsed,
    answered,
    cpuMicrosPerRequest:
      cpuBefore === null || cpuAfter === null || answered === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1e6) / answered,
    unexpected,
    errors,
  };
}

/** What the service answers on `path`, as the ceilings will replay it. */
async function answer(
  service: ServerProcess,
  path: string,
  headers: Record<string, string>,
  expected: number,
): Promise<Answer> {
  const reply = await service.request('GET', path, { headers });
  if (reply.status !== expected) {
    throw new Error(`GET ${path} answered ${reply.status}, not ${expected}: ${reply.text}`);
  }
  const challenge = reply.headers.get('www-authenticate');
  return {
    status: reply.status,
    headers: challenge ? { 'www-authenticate': challenge } : {},
    body: reply.text,
  };
}
