import { ConcurrencyLimiter, QueueFullError } from './concurrency-limiter';

/** A task the test finishes by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((done) => setImmediate(done));

describe('ConcurrencyLimiter', () => {
  it('runs at most maxConcurrent tasks at once and queues the rest in order', async () => {
    const limiter = new ConcurrencyLimiter(2, 10);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    expect(limiter.running).toBe(2);
    expect(limiter.queued).toBe(2);

    gates[1].resolve();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(limiter.running).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('refuses at once with QueueFullError when the queue is full', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const second = limiter.run(() => Promise.resolve('second'));
    await expect(limiter.run(() => Promise.resolve('third'))).rejects.toBeInstanceOf(
      QueueFullError,
    );
    gate.resolve();
    await first;
    await expect(second).resolves.toBe('second');
  });

  it('frees the slot of a task that fails', async () => {
    const limiter = new ConcurrencyLimiter(1, 0);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.running).toBe(0);
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('hands the slot of a failed task to the next one in the queue', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    const gate = deferred();
    const failing = limiter.run(() => gate.promise);
    const waiting = limiter.run(() => Promise.resolve('ran'));
    gate.reject(new Error('boom'));
    await expect(failing).rejects.toThrow('boom');
    await expect(waiting).resolves.toBe('ran');
    expect(limiter.running).toBe(0);
  });

  it('rejects nonsensical limits', () => {
    expect(() => new ConcurrencyLimiter(0, 1)).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter(1, -1)).toThrow(RangeError);
  });
});
