import { ConfigurationError, validateEnvironment } from './environment';

const STRONG_SECRET = 'k3Y-9fQ2vX7bL1mN8pR4sT6wZ0aC5dE3gH7jK2';

function problemsOf(env: Record<string, string>): string {
  try {
    validateEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('validateEnvironment', () => {
  it('accepts an empty environment outside production (every variable has a default)', () => {
    expect(() => validateEnvironment({})).not.toThrow();
  });

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

  describe('in production', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET };

    it('starts with a strong secret and nothing else', () => {
      expect(() => validateEnvironment(production)).not.toThrow();
    });

    it('refuses a missing, short or placeholder signing secret', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toMatch(/JWT_SECRET: required in production/);
      expect(problemsOf({ ...production, JWT_SECRET: 'too-short' })).toMatch(/JWT_SECRET: .*32/);
      expect(problemsOf({ ...production, JWT_SECRET: 'x'.repeat(40) })).toMatch(
        /JWT_SECRET: looks like a placeholder/,
      );
    });

    it('refuses the demo data', () => {
      expect(problemsOf({ ...production, DEMO_DATA: 'true' })).toMatch(/DEMO_DATA: .*refused/);
    });
  });
});
