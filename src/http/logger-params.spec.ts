import pino from 'pino';
import { Writable } from 'node:stream';
import type { AppConfig } from '../config/app.config';
import { loggerOptions, loggerParams, redactQuery } from './logger-params';

function capture(): { stream: Writable; lines: () => Record<string, any>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, any>),
  };
}

const config = { logLevel: 'info' } as AppConfig;

describe('loggerParams', () => {
  it('redacts Authorization, passwords and tokens wherever they are logged', () => {
    const { stream, lines } = capture();
    const logger = pino({ ...loggerOptions(config), serializers: {} }, stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJ.secret.token', cookie: 'sid=1' } },
        password: 'hunter2',
        body: { password: 'hunter2', access_token: 'eyJ.secret.token' },
        user: { credentials: { password: 'hunter2' } },
        token: 'eyJ.secret.token',
      },
      'something happened',
    );
    const text = JSON.stringify(lines());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret.token');
    expect(text).not.toContain('sid=1');
    expect(text).toContain('[Redacted]');
  });

  it('serializes requests as id, method and url only (no headers, no body)', () => {
    const options = loggerOptions(config);
    const request = {
      id: 'req-1',
      method: 'POST',
      url: '/token?access_token=abc',
      headers: { authorization: 'Bearer abc' },
      body: { password: 'hunter2' },
    };
    expect(options.serializers.req(request)).toEqual({
      id: 'req-1',
      method: 'POST',
      url: '/token?access_token=[Redacted]',
    });
  });

  it('gives Nest the same options, to the destination it is given, with no request middleware', () => {
    const { stream } = capture();
    const params = loggerParams(config, stream);
    expect(params.forRoutes).toEqual([]);
    expect(params.pinoHttp).toEqual([
      expect.objectContaining({ level: 'info', redact: loggerOptions(config).redact }),
      stream,
    ]);
  });
});

describe('redactQuery', () => {
  it.each([
    ['/items', '/items'],
    ['/items?limit=5', '/items?limit=5'],
    ['/x?token=abc&limit=5', '/x?token=[Redacted]&limit=5'],
    ['/x?a=1&password=p%40ss#frag', '/x?a=1&password=[Redacted]#frag'],
    ['/x?ACCESS_TOKEN=abc', '/x?ACCESS_TOKEN=[Redacted]'],
  ])('%s → %s', (url, expected) => {
    expect(redactQuery(url)).toBe(expected);
  });
});
