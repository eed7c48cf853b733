import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** Every environment variable Scopegate reads, with its rules. The README's table mirrors it. */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV?: string;

  // Decorators run bottom-up: with stopAtFirstError the type check must come last.
  @IsOptional()
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'DATABASE_URL must be sqlite:<path> or postgres://user@host:port/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, {
    message: 'REDIS_URL must be redis://[user:password@]host:port[/db] or rediss://…',
  })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must be 1-64 letters, digits, colons, dots, dashes or underscores',
  })
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: 'DATABASE_SCHEMA must be a lower-case PostgreSQL identifier',
  })
  DATABASE_SCHEMA?: string;

  @IsOptional()
  @IsIn(['ES256', 'RS256'], { message: 'JWT_ALGORITHM must be ES256 or RS256' })
  JWT_ALGORITHM?: string;

  @IsOptional()
  @MinLength(32, { message: 'KEY_ENCRYPTION_SECRET must be at least 32 characters (256 bits)' })
  @IsString()
  KEY_ENCRYPTION_SECRET?: string;

  @IsOptional()
  @Min(0)
  @Max(86400)
  @IsInt()
  KEY_PUBLISH_AHEAD?: number;

  @IsOptional()
  @Min(1)
  @Max(60)
  @IsInt()
  KEY_REFRESH_INTERVAL?: number;

  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  TOKEN_CACHE_SIZE?: number;

  @IsOptional()
  @Min(60)
  @Max(86400)
  @IsInt()
  ACCESS_TOKEN_TTL?: number;

  @IsOptional()
  @Min(60)
  @Max(31_536_000)
  @IsInt()
  REFRESH_TOKEN_TTL?: number;

  @IsOptional()
  @Min(60)
  @Max(31_536_000)
  @IsInt()
  REFRESH_TOKEN_MAX_LIFETIME?: number;

  @IsOptional()
  @Min(0)
  @Max(60)
  @IsInt()
  REFRESH_TOKEN_REUSE_GRACE?: number;

  @IsOptional()
  @IsBooleanString({ message: 'PASSWORD_GRANT must be true or false' })
  PASSWORD_GRANT?: string;

  @IsOptional()
  @Min(60)
  @Max(86_400)
  @IsInt()
  BROWSER_SESSION_IDLE_TTL?: number;

  @IsOptional()
  @Min(60)
  @Max(31_536_000)
  @IsInt()
  BROWSER_SESSION_MAX_LIFETIME?: number;

  @IsOptional()
  @Min(60)
  @Max(31_536_000)
  @IsInt()
  BROWSER_SESSION_REMEMBER_LIFETIME?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'PUBLIC_CLIENT_ID must be 1-64 letters, digits, dots, dashes or underscores',
  })
  PUBLIC_CLIENT_ID?: string;

  /** Checked by `issuerProblem` (a URL's rules are more than a pattern). */
  @IsOptional()
  @IsString()
  ISSUER?: string;

  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  @IsOptional()
  @IsBooleanString({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'ADMIN_USERNAME must be 1-64 letters, digits, dots, dashes or underscores',
  })
  ADMIN_USERNAME?: string;

  @IsOptional()
  @MaxLength(1024)
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @IsString()
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*$/, {
    message:
      "CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.com ('*' is refused)",
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsBooleanString({ message: 'DOCS_ENABLED must be true or false' })
  DOCS_ENABLED?: string;

  @IsOptional()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  @IsInt()
  BODY_LIMIT?: number;

  @IsOptional()
  @Min(1)
  @Max(86400)
  @IsInt()
  TOKEN_RATE_LIMIT_WINDOW?: number;

  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  TOKEN_RATE_LIMIT_PER_IP?: number;

  @IsOptional()
  @Min(1)
  @Max(1000)
  @IsInt()
  LOGIN_MAX_FAILURES?: number;

  @IsOptional()
  @Min(0)
  @Max(60000)
  @IsInt()
  USER_CACHE_TTL_MS?: number;

  @IsOptional()
  @Min(0)
  @Max(60000)
  @IsInt()
  CLIENT_CACHE_TTL_MS?: number;

  @IsOptional()
  @Min(1)
  @Max(1024)
  @IsInt()
  UV_THREADPOOL_SIZE?: number;

  @IsOptional()
  @Min(0)
  @Max(19)
  @IsInt()
  THREAD_POOL_NICENESS?: number;

  @IsOptional()
  @Min(1)
  @Max(64)
  @IsInt()
  ARGON2_MAX_CONCURRENCY?: number;

  @IsOptional()
  @Min(0)
  @Max(10000)
  @IsInt()
  ARGON2_MAX_QUEUE?: number;

  @IsOptional()
  @Min(0)
  @Max(300)
  @IsInt()
  HEAP_GROWING_PERCENT?: number;
}

/** Whether the service runs in production (`NODE_ENV=production`): the one place that says so. */
/** The issuer URL: `ISSUER`, or the loopback address and port the service listens on. */
export function issuerOf(env: Pick<Environment, 'ISSUER' | 'PORT'>): string {
  return env.ISSUER ?? `http://127.0.0.1:${env.PORT ?? 3000}`;
}

export function isProduction(env: Pick<Environment, 'NODE_ENV'>): boolean {
  return env.NODE_ENV === 'production';
}

/** Thrown at start-up; its message names each bad variable and what is wrong with it. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Variables of earlier versions that would now be ignored: refused, saying what replaced them. */
const REPLACED_VARIABLES: Record<string, string> = {
  JWT_ISSUER:
    'replaced by ISSUER (the URL clients reach Scopegate at, e.g. https://auth.example.com)',
  PUBLIC_URL: 'replaced by ISSUER (every absolute URL Scopegate writes is built from it)',
};

/** Host names that only ever reach this machine: plain `http` is acceptable for them. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * What is wrong with `ISSUER` (RFC 8414 §2: an `https` URL with no query or fragment; here also
 * no trailing slash, so that `<ISSUER>/token` is the token endpoint), or undefined if nothing.
 * Outside production it may be unset (the default is derived from `PORT`) or plain `http`.
 */
export function issuerProblem(issuer: string | undefined, production: boolean): string | undefined {
  if (issuer === undefined) {
    return production
      ? 'required in production: the https:// URL clients reach Scopegate at, e.g. https://auth.example.com'
      : undefined;
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return `must be an absolute URL such as https://auth.example.com (got ${JSON.stringify(issuer)})`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must be an https:// URL (or http:// on a loopback address)';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.search !== '' || issuer.includes('?')) return 'must not have a query (?…)';
  if (url.hash !== '' || issuer.includes('#')) return 'must not have a fragment (#…)';
  if (issuer.endsWith('/')) return 'must not end with a slash (https://auth.example.com, not …/)';
  if (url.href !== issuer && `${url.href.replace(/\/$/, '')}` !== issuer) {
    return `must be written in its normal form: ${url.href.replace(/\/$/, '')}`;
  }
  if (production && url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) {
    return 'must be https:// in production (plain http:// only on a loopback address)';
  }
  return undefined;
}

/** Tutorial and template values that must never sign production tokens. */
const PLACEHOLDER_SECRETS = /changethis|changeme|placeholder|your[-_]?secret|^(secret|x|0)+$/i;

/**
 * Validates the raw environment once and returns it typed. In production it also refuses
 * what is only acceptable on a developer's machine.
 */
export function validateEnvironment(raw: NodeJS.ProcessEnv): Environment {
  const env = plainToInstance(Environment, pick(raw), { enableImplicitConversion: true });
  const problems = validateSync(env, { stopAtFirstError: true }).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
  );
  const issuer = issuerProblem(env.ISSUER, isProduction(env));
  if (issuer) problems.push(`ISSUER: ${issuer}`);
  for (const [name, instead] of Object.entries(REPLACED_VARIABLES)) {
    if (raw[name] !== undefined && raw[name] !== '') problems.push(`${name}: ${instead}`);
  }
  if (isProduction(env)) {
    if (!env.KEY_ENCRYPTION_SECRET) {
      problems.push(
        'KEY_ENCRYPTION_SECRET: required in production (at least 32 random characters)',
      );
    } else if (
      PLACEHOLDER_SECRETS.test(env.KEY_ENCRYPTION_SECRET) ||
      new Set(env.KEY_ENCRYPTION_SECRET).size < 8
    ) {
      problems.push(
        'KEY_ENCRYPTION_SECRET: looks like a placeholder; generate one with `openssl rand -base64 48`',
      );
    }
    if (env.DEMO_DATA === 'true') {
      problems.push('DEMO_DATA: demo users with published passwords are refused in production');
    }
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}

let validated: { readonly key: string; readonly env: Environment } | undefined;

/**
 * The process's environment, validated. Every configuration namespace reads it; it is
 * validated once, and again only if the variables change (tests boot several applications
 * with different variables in one process).
 */
export function environment(): Environment {
  const picked = pick(process.env);
  const key = JSON.stringify(picked);
  if (validated?.key !== key) validated = { key, env: validateEnvironment(picked) };
  return validated.env;
}

/** Empty variables count as unset, as a shell user expects of `FOO= npm start`. */
function pick(raw: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined && value !== '') picked[key] = value;
  }
  return picked;
}
