import type { ChildProcess } from 'node:child_process';
import { freePort, type ServerProcess } from '../../test/support/server-process';
import { throughput, type Load } from '../load';
import { argon2Ceiling, startCeiling, type Answer } from '../processes';
import { CONNECTIONS, log, LOGIN_CONNECTIONS, ROUNDS, SECONDS } from '../settings';
import type { Series } from '../stats';

/** Measurement name → the service's samples and its ceiling's, one of each per round. */
export type Samples = Record<string, { app: Series; ceiling: Series }>;

export interface Throughput {
  samples: Samples;
  problems: string[];
  ceiling: ChildProcess;
}

/** One password-grant request for johndoe, as the login measurements send it. */
export const LOGIN: Load = {
  path: '/token',
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=password&username=johndoe&password=secret&scope=me%20items',
  expect: 200,
};

/**
 * Requests per second of the guarded routes (200 and 403) against a bare server answering the
 * same bytes, and of logins against raw argon2. The two sides alternate within each round,
 * after a warm-up.
 */
export async function measureThroughput(
  service: ServerProcess,
  token: string,
  tokenMe: string,
): Promise<Throughput> {
  const auth = { authorization: `Bearer ${token}` };
  const authMe = { authorization: `Bearer ${tokenMe}` };
  const ceilingPort = await freePort();
  const ceiling = await startCeiling(ceilingPort, {
    '/status/': await answer(service, '/status/', auth, 200),
    '/users/me/items/': await answer(service, '/users/me/items/', auth, 200),
    '/forbidden/': await answer(service, '/users/me/items/', authMe, 403),
  });
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

  log('warm-up');
  for (const { app, ceiling: bare } of Object.values(loads)) {
    await throughput(ceilingPort, bare, 1, CONNECTIONS);
    await throughput(service.port, app, 2, CONNECTIONS);
  }
  await throughput(service.port, LOGIN, 2, LOGIN_CONNECTIONS);

  const samples: Samples = {
    status: { app: [], ceiling: [] },
    items: { app: [], ceiling: [] },
    forbidden: { app: [], ceiling: [] },
    logins: { app: [], ceiling: [] },
  };
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which side goes first, so drift on a shared machine hits both alike.
    const sides = round % 2 === 1 ? (['app', 'ceiling'] as const) : (['ceiling', 'app'] as const);
    for (const [name, load] of Object.entries(loads)) {
      for (const side of sides) {
        const port = side === 'app' ? service.port : ceilingPort;
        const result = await throughput(port, load[side], SECONDS, CONNECTIONS);
        if (result.unexpected.length || result.errors) {
          problems.push(
            `${name}/${side}: unexpected ${result.unexpected.join(' ')} errors ${result.errors}`,
          );
        }
        samples[name][side].push(result.perSecond);
      }
    }
    for (const side of sides) {
      if (side === 'ceiling') {
        samples.logins.ceiling.push(await argon2Ceiling(SECONDS, LOGIN_CONNECTIONS));
      } else {
        const result = await throughput(service.port, LOGIN, SECONDS, LOGIN_CONNECTIONS);
        if (result.unexpected.length) problems.push(`logins: ${result.unexpected.join(' ')}`);
        samples.logins.app.push(result.perSecond);
      }
    }
    log(
      `round ${round + 1}/${ROUNDS}: ` +
        Object.entries(samples)
          .map(([name, s]) => `${name} ${s.app.at(-1)!.toFixed(0)}/${s.ceiling.at(-1)!.toFixed(0)}`)
          .join(', '),
    );
  }
  return { samples, problems, ceiling };
}

/** What the service answers on `path`, as the ceiling will replay it. */
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
