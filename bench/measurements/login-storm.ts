import type { ServerProcess } from '../../test/support/server-process';
import { probe, throughput } from '../load';
import { log, LOGIN_CONNECTIONS, ROUNDS, SECONDS } from '../settings';
import type { Series } from '../stats';
import { LOGIN } from './throughput';

export interface LoginStorm {
  idleP50: Series;
  idleP99: Series;
  stormP50: Series;
  stormP99: Series;
  stormLogins: Series;
  problems: string[];
}

/** Does a login storm stall the API? `/status/` latency at a steady rate, idle then in a storm. */
export async function measureLoginStorm(
  service: ServerProcess,
  token: string,
): Promise<LoginStorm> {
  const storm: LoginStorm = {
    idleP50: [],
    idleP99: [],
    stormP50: [],
    stormP99: [],
    stormLogins: [],
    problems: [],
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    const idle = await probe(service.port, '/status/', token, SECONDS);
    const [busy, logins] = await Promise.all([
      probe(service.port, '/status/', token, SECONDS),
      throughput(service.port, LOGIN, SECONDS, LOGIN_CONNECTIONS),
    ]);
    if (idle.failures || busy.failures) {
      storm.problems.push(`probe failures: ${idle.failures}/${busy.failures}`);
    }
    storm.idleP99.push(idle.p99);
    storm.idleP50.push(idle.p50);
    storm.stormP99.push(busy.p99);
    storm.stormP50.push(busy.p50);
    storm.stormLogins.push(logins.perSecond);
    log(
      `storm round ${round + 1}/${ROUNDS}: p99 idle ${idle.p99.toFixed(2)} ms, storm ${busy.p99.toFixed(2)} ms, ${logins.perSecond.toFixed(0)} logins/s`,
    );
  }
  return storm;
}
