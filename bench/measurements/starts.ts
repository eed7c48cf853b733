import type { ServerProcess } from '../../test/support/server-process';
import { startService } from '../processes';
import { log, ROUNDS } from '../settings';
import type { Series } from '../stats';

export interface Starts {
  /** The instance left running for the other measurements. */
  service: ServerProcess;
  /** First start on an empty database: migrations and demo data included. */
  firstStartMs: number;
  /** Later starts on that database: spawn to the first 200 of a guarded route. */
  coldStarts: Series;
  /** johndoe's tokens: `me items`, and `me` alone (for the 403 path). */
  token: string;
  tokenMe: string;
}

/** Starts the service ROUNDS + 1 times on one database, timing each start. */
export async function measureStarts(dataDir: string): Promise<Starts> {
  let service = await startService(dataDir);
  const firstStartMs = await service.waitUntil(
    async () => (await fetch(`${service.url}/status/`)).status === 401,
    5,
  );
  const token = await service.token('johndoe', 'secret', 'me items');
  const tokenMe = await service.token('johndoe', 'secret', 'me');
  await service.stop('SIGTERM', 5000);

  const coldStarts: Series = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round > 0) await service.stop('SIGTERM', 5000);
    service = await startService(dataDir);
    const started = service;
    coldStarts.push(
      await started.waitUntil(async () => {
        const response = await fetch(`${started.url}/status/`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return response.status === 200;
      }, 5),
    );
  }
  log(`cold starts (ms): ${coldStarts.map((ms) => ms.toFixed(0)).join(', ')}`);
  return { service, firstStartMs, coldStarts, token, tokenMe };
}
