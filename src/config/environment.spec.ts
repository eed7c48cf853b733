// environment.ts relies on the metadata polyfill that Nest loads in the application.
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, Environment, issuerProblem, validateEnvironment } from './environment';

const STRONG_SECRET = randomBytes(48).toString('base64');
const PRODUCTION = { NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: STRONG_SECRET };

/** The message of the ConfigurationError `validateEnvironment` throws for `env`. */
function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    validateEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).message;
  }
  throw new Error('expected the environment to be refused');
}

describe('validateEnvironment', () => {
  it('accepts development with nothing set', () => {
    const env = validateEnvironment({});
    expect(env.NODE_ENV).toBeUndefined();
    expect(env.KEY_ENCRYPTION_SECRET).toBeUndefined();
    expect(() => validateEnvironment({ NODE_ENV: 'development' })).not.toThrow();
  });

  it('accepts production with a strong secret, converting numbers', () => {
    const env = validateEnvironment({
      ...PRODUCTION,
      ISSUER: 'https://auth.example.com',
      PORT: '8080',
      ACCESS_TOKEN_TTL: '600',
    });
    expect(env.PORT).toBe(8080);
    expect(env.ACCESS_TOKEN_TTL).toBe(600);
  });

  it('treats empty variables as unset', () => {
    const env = validateEnvironment({ NODE_ENV: '', PORT: '', KEY_ENCRYPTION_SECRET: '' });
    expect(env.NODE_ENV).toBeUndefined();
    expect(env.PORT).toBeUndefined();
    expect(env.KEY_ENCRYPTION_SECRET).toBeUndefined();
  });

  describe('in production', () => {
    it('refuses to start without KEY_ENCRYPTION_SECRET', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toMatch(
        /KEY_ENCRYPTION_SECRET: required in production/,
      );
    });

    it('refuses a KEY_ENCRYPTION_SECRET shorter than 32 characters', () => {
      expect(
        problemsOf({ NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: 'Sh0rt-but-random' }),
      ).toMatch(/KEY_ENCRYPTION_SECRET: KEY_ENCRYPTION_SECRET must be at least 32 characters/);
    });

    it.each([
      ['a placeholder word', 'changethis'],
      ['a repeated character', 'x'.repeat(40)],
      ['zeros', '0'.repeat(32)],
      ['too few distinct characters', 'abcd'.repeat(10)],
      ['a repeated placeholder word', 'changethis'.repeat(4)],
      ['a template value', 'your-secret-here-0123456789-abcdefghij'],
    ])('refuses a KEY_ENCRYPTION_SECRET that is %s', (_, secret) => {
      expect(problemsOf({ NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: secret })).toMatch(
        /KEY_ENCRYPTION_SECRET: /,
      );
    });

    it('names a long placeholder secret as a placeholder', () => {
      expect(problemsOf({ NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: 'x'.repeat(40) })).toMatch(
        /KEY_ENCRYPTION_SECRET: looks like a placeholder/,
      );
    });

    it('refuses DEMO_DATA=true', () => {
      expect(problemsOf({ ...PRODUCTION, DEMO_DATA: 'true' })).toMatch(
        /DEMO_DATA: demo users with published passwords are refused in production/,
      );
    });

    it('lists every problem at once', () => {
      const message = problemsOf({ NODE_ENV: 'production', DEMO_DATA: 'true', PORT: 'http' });
      expect(message).toMatch(/KEY_ENCRYPTION_SECRET/);
      expect(message).toMatch(/DEMO_DATA/);
      expect(message).toMatch(/PORT/);
    });
  });

  it('allows a short secret and demo data outside production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'development', DEMO_DATA: 'true' })).not.toThrow();
    expect(() =>
      validateEnvironment({ NODE_ENV: 'test', KEY_ENCRYPTION_SECRET: 'x'.repeat(32) }),
    ).not.toThrow();
  });

  it.each([
    ['PORT', 'eighty', /PORT: PORT must/],
    ['PORT', '70000', /PORT: .*65535/],
    [
      'DATABASE_URL',
      'mysql://db/app',
      /DATABASE_URL: DATABASE_URL must be sqlite:<path> or postgres/,
    ],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL: /],
    ['NODE_ENV', 'staging', /NODE_ENV: /],
    ['DEMO_DATA', 'yes', /DEMO_DATA: DEMO_DATA must be true or false/],
    ['ACCESS_TOKEN_TTL', '10', /ACCESS_TOKEN_TTL: /],
    ['ADMIN_PASSWORD', 'short', /ADMIN_PASSWORD: ADMIN_PASSWORD must be at least 12 characters/],
  ])('names %s=%s as invalid', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toMatch(message);
  });

  it.each(['sqlite:./data/app.sqlite', 'postgres://u@h:5432/db', 'postgresql://u@h/db'])(
    'accepts DATABASE_URL=%s',
    (url) => {
      expect(validateEnvironment({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );
});

describe('validateEnvironment: limits and CORS', () => {
  it('names every bad variable in one message', () => {
    const message = problemsOf({
      PORT: 'eighty',
      NODE_ENV: 'staging',
      BODY_LIMIT: '10',
      TOKEN_RATE_LIMIT_PER_IP: '0',
      LOG_LEVEL: 'loud',
    });
    for (const name of ['PORT', 'NODE_ENV', 'BODY_LIMIT', 'TOKEN_RATE_LIMIT_PER_IP', 'LOG_LEVEL']) {
      expect(message).toContain(`${name}:`);
    }
  });

  it.each(['*', 'https://a.example.com,*', 'a.example.com', 'https://a.example.com/path'])(
    'refuses CORS_ORIGINS=%s',
    (origins) => {
      expect(problemsOf({ CORS_ORIGINS: origins })).toContain('CORS_ORIGINS:');
    },
  );

  it('accepts a list of origins', () => {
    expect(() =>
      validateEnvironment({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }),
    ).not.toThrow();
  });
});

describe('ISSUER', () => {
  it.each([
    ['https://auth.example.com', false],
    ['https://auth.example.com', true],
    ['https://example.com/auth', true],
    ['https://auth.example.com:8443', true],
    ['http://127.0.0.1:3000', false],
    ['http://localhost:3000', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['http://auth.internal:3000', false],
  ])('accepts %s (production: %s)', (issuer, production) => {
    expect(issuerProblem(issuer, production)).toBeUndefined();
    const env = production ? { ...PRODUCTION, ISSUER: issuer } : { ISSUER: issuer };
    expect(validateEnvironment(env).ISSUER).toBe(issuer);
  });

  it.each([
    ['not a URL', 'auth.example.com', /ISSUER: must be an absolute URL/],
    ['another scheme', 'ftp://auth.example.com', /ISSUER: must be an https:\/\/ URL/],
    ['a trailing slash', 'https://auth.example.com/', /ISSUER: must not end with a slash/],
    ['a path ending in a slash', 'https://example.com/auth/', /ISSUER: must not end with a slash/],
    ['a query', 'https://auth.example.com?tenant=1', /ISSUER: must not have a query/],
    ['an empty query', 'https://auth.example.com?', /ISSUER: must not have a query/],
    ['a fragment', 'https://auth.example.com#top', /ISSUER: must not have a fragment/],
    ['credentials', 'https://user:pw@auth.example.com', /ISSUER: must not carry a user name/],
    ['an upper-case host', 'https://Auth.Example.com', /normal form: https:\/\/auth\.example\.com/],
  ])('refuses %s, naming the variable', (_, issuer, message) => {
    expect(problemsOf({ ISSUER: issuer })).toMatch(message);
  });

  it('is required in production', () => {
    expect(problemsOf(PRODUCTION)).toMatch(/ISSUER: required in production: the https:\/\/ URL/);
  });

  it('must be https in production unless it is a loopback address', () => {
    expect(problemsOf({ ...PRODUCTION, ISSUER: 'http://auth.example.com' })).toMatch(
      /ISSUER: must be https:\/\/ in production/,
    );
  });

  it.each(['JWT_ISSUER', 'PUBLIC_URL'])('refuses %s, which ISSUER replaced', (name) => {
    expect(problemsOf({ [name]: 'https://auth.example.com' })).toMatch(
      new RegExp(`${name}: replaced by ISSUER`),
    );
  });
});

describe('docs/configuration.md', () => {
  it('has a row for every variable the service reads, and for nothing else', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` /gm)].map((match) => match[1]);
    const read = getMetadataStorage()
      .getTargetValidationMetadatas(Environment, '', true, false)
      .map((metadata) => metadata.propertyName);
    expect([...new Set(rows)].sort()).toEqual([...new Set(read)].sort());
  });
});

describe('.env.example', () => {
  it('lists every variable the service reads, and nothing else', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const listed = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    const read = getMetadataStorage()
      .getTargetValidationMetadatas(Environment, '', true, false)
      .map((metadata) => metadata.propertyName);
    expect([...new Set(listed)].sort()).toEqual([...new Set(read)].sort());
  });
});
