import { operationIdOf, ScopeCatalog, ScopedRoutes } from '@scopegate/resource-server';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeOpenApiDocument } from '../src/openapi/openapi-document';
import { useTestApp } from './support/app';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Validates the document on stdin with @apidevtools/swagger-parser, in a Node process of its
 * own: swagger-parser loads an ES module, which Jest's CommonJS runtime cannot require on
 * Node 20 (plain Node can).
 */
const VALIDATE_STDIN = `
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () =>
    require('@apidevtools/swagger-parser')
      .validate(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      .then(
        (api) => console.log('valid OpenAPI ' + api.openapi),
        (error) => { console.error(error.message); process.exit(1); },
      ));
`;

interface Located {
  path: string;
  method: string;
  operation: any;
}

/** Every operation of the document, with its path and method. */
function operationsOf(document: any): Located[] {
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      path,
      method,
      operation: item[method],
    })),
  );
}

describe('the OpenAPI document', () => {
  const app = useTestApp();
  let document: any;

  beforeAll(async () => {
    const served = await app.request('GET', '/openapi.json');
    expect(served.status).toBe(200);
    document = served.body;
  });

  it('is served at /openapi.json as JSON without a token', async () => {
    const served = await app.request('GET', '/openapi.json');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('validates as OpenAPI 3 (swagger-parser)', () => {
    const result = spawnSync(process.execPath, ['-e', VALIDATE_STDIN], {
      cwd: join(__dirname, '..'),
      input: JSON.stringify(document),
      encoding: 'utf8',
    });
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    expect(result.stdout).toMatch(/^valid OpenAPI 3\./);
  });

  it('is the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8');
    expect(serializeOpenApiDocument(document)).toBe(committed);
  });

  it('serves Swagger UI at /docs without a token, keeping the authorization across reloads', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await app.request('GET', path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('swagger-ui-bundle.js');
    }
    const init = await app.request('GET', '/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain('"persistAuthorization": true');
    const bundle = await app.request('GET', '/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
  });

  it('declares one OAuth2 password scheme listing the whole catalog, implied scopes in the descriptions', () => {
    const catalog = app.app.get(ScopeCatalog);
    const schemes = document.components.securitySchemes;
    expect(Object.keys(schemes)).toEqual(['OAuth2PasswordBearer']);
    const scheme = schemes.OAuth2PasswordBearer;
    expect(scheme.type).toBe('oauth2');
    expect(Object.keys(scheme.flows)).toEqual([
      'authorizationCode',
      'password',
      'clientCredentials',
    ]);
    expect(scheme.flows.authorizationCode).toEqual({
      authorizationUrl: '/authorize',
      ...scheme.flows.password,
    });
    expect(scheme.flows.password.tokenUrl).toBe('/token');
    expect(scheme.flows.clientCredentials).toEqual(scheme.flows.password);
    const scopes = scheme.flows.password.scopes;
    expect(Object.keys(scopes)).toEqual(catalog.definitions.map((definition) => definition.name));
    for (const definition of catalog.definitions) {
      expect(scopes[definition.name]).toContain(definition.description);
    }
    expect(scopes['items:write']).toBe('Create and update items (implies items:read)');
    expect(scopes['users:write']).toMatch(/\(implies users:read\)$/);
    expect(scopes.admin).toMatch(/\(implies every scope\)$/);
    expect(scopes.me).toBe('Read information about the current user');
  });

  it('gives every route exactly the requirement the guard enforces, and nothing else an operation', () => {
    const routes = app.app.get(ScopedRoutes).list();
    const operations = operationsOf(document);
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      const id = operationIdOf(route.controller, route.handler);
      const found = operations.filter(({ operation }) => operation.operationId === id);
      expect(found).toHaveLength(1);
      const [{ operation, method }] = found;
      const where = `${route.controller}.${route.handler}`;
      expect({ where, method }).toEqual({ where, method: route.method.toLowerCase() });
      if (route.requirement.isPublic) {
        expect({ where, security: operation.security }).toEqual({ where, security: [] });
        // A public route needs no bearer token; the OAuth2 endpoints' 401 is invalid_client.
        const challenge = operation.responses['401']?.headers?.['WWW-Authenticate'];
        expect({ where, challenge: challenge?.schema.example ?? '' }).not.toEqual({
          where,
          challenge: expect.stringMatching(/^Bearer/),
        });
      } else {
        expect({ where, security: operation.security }).toEqual({
          where,
          security: [{ OAuth2PasswordBearer: [...route.requirement.scopes] }],
        });
        expect(operation.responses['401'].headers).toHaveProperty('WWW-Authenticate');
        if (route.requirement.scopes.length > 0) {
          expect(operation.responses['403'].headers).toHaveProperty('WWW-Authenticate');
          const listed = route.requirement.scopes.map((scope) => `\`${scope}\``).join(', ');
          expect(operation.description).toMatch(new RegExp(`Requires scopes: ${escape(listed)}$`));
        } else {
          // A valid token with no required scope always passes the scope guard.
          expect(operation.responses).not.toHaveProperty('403');
        }
      }
    }
  });

  it('matches the guards on every documented operation, over HTTP', async () => {
    // A valid token with no scope: the guards answer 403 naming every required scope.
    const token = await app.token('johndoe', 'secret');
    for (const { path, method, operation } of operationsOf(document)) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const where = `${method.toUpperCase()} ${path}`;
      const anonymous = await app.request(method.toUpperCase(), url);
      const scopeless = await app.request(method.toUpperCase(), url, { token });
      if (operation.security.length === 0) {
        expect({ where, status: anonymous.status }).not.toEqual({ where, status: 401 });
        continue;
      }
      const [{ OAuth2PasswordBearer: scopes }] = operation.security;
      expect({ where, status: anonymous.status }).toEqual({ where, status: 401 });
      if (scopes.length === 0) {
        expect({ where, status: scopeless.status }).toEqual({ where, status: 200 });
      } else {
        expect({ where, status: scopeless.status }).toEqual({ where, status: 403 });
        expect({ where, challenge: scopeless.headers.get('www-authenticate') }).toEqual({
          where,
          challenge: expect.stringContaining(`scope="${scopes.join(' ')}"`),
        });
      }
    }
  });

  it('documents GET /users/me/items/ as needing me AND items, in one requirement object', () => {
    const operation = document.paths['/users/me/items'].get;
    expect(operation.security).toEqual([{ OAuth2PasswordBearer: ['me', 'items'] }]);
    expect(operation.description).toMatch(/Requires scopes: `me`, `items`$/);
    expect(document.paths['/status'].get.security).toEqual([{ OAuth2PasswordBearer: [] }]);
    expect(document.paths['/token'].post.security).toEqual([]);
  });

  it('documents the 401 and 403 that the server really sends', async () => {
    const responses = document.paths['/users/me/items'].get.responses;
    const missing = await app.request('GET', '/users/me/items/');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(
      responses['401'].headers['WWW-Authenticate'].schema.example,
    );
    const token = await app.token('johndoe', 'secret', 'me');
    const forbidden = await app.request('GET', '/users/me/items/', { token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toBe(
      responses['403'].headers['WWW-Authenticate'].schema.example,
    );
    expect(forbidden.body).toEqual(responses['403'].content['application/json'].example);
  });

  it('describes the token endpoint as an RFC 6749 form with its success and error bodies', () => {
    const operation = document.paths['/token'].post;
    const content = operation.requestBody.content;
    expect(Object.keys(content)).toEqual(['application/x-www-form-urlencoded']);
    const form = resolve(document, content['application/x-www-form-urlencoded'].schema);
    expect(form.properties.grant_type).toMatchObject({
      type: 'string',
      enum: ['authorization_code', 'password', 'refresh_token', 'client_credentials'],
    });
    expect(Object.keys(form.properties).sort()).toEqual([
      'client_id',
      'client_secret',
      'code',
      'code_verifier',
      'grant_type',
      'password',
      'redirect_uri',
      'refresh_token',
      'scope',
      'username',
    ]);
    expect(form.required).toEqual(['grant_type']);
    const ok = resolve(document, operation.responses['200'].content['application/json'].schema);
    expect(ok.required.sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(Object.keys(ok.properties)).toContain('refresh_token');
    const error = resolve(document, operation.responses['400'].content['application/json'].schema);
    expect(error.properties.error.enum).toEqual(
      expect.arrayContaining([
        'invalid_request',
        'invalid_grant',
        'invalid_scope',
        'unauthorized_client',
        'invalid_client',
      ]),
    );
    expect(operation.responses['401'].headers['WWW-Authenticate'].schema.example).toBe(
      'Basic realm="scopegate"',
    );
    expect(error.required.sort()).toEqual(['error', 'error_description']);
  });

  it('types every response that has a body, and every schema has properties or a type', () => {
    for (const { path, method, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        const where = `${method.toUpperCase()} ${path} ${status}`;
        expect({ where, description: Boolean(response.description) }).toEqual({
          where,
          description: true,
        });
        // RFC 7009's answer to a revocation is a 200 with no body.
        if (['204', '302', '303'].includes(status) || where === 'POST /revoke 200') continue;
        const schema =
          response.content?.['application/json']?.schema ?? response.content?.['text/html']?.schema;
        expect({ where, typed: schema !== undefined }).toEqual({ where, typed: true });
      }
    }
    for (const [name, schema] of Object.entries<any>(document.components.schemas)) {
      expect({ name, empty: Object.keys(schema.properties ?? {}).length === 0 }).toEqual({
        name,
        empty: false,
      });
    }
  });
});

describe('the documentation switch and the demo credentials', () => {
  describe('with DOCS_ENABLED=false', () => {
    const app = useTestApp({ DOCS_ENABLED: 'false' });

    it('serves neither Swagger UI nor the document', async () => {
      expect((await app.request('GET', '/docs')).status).toBe(404);
      expect((await app.request('GET', '/openapi.json')).status).toBe(404);
      expect((await app.request('GET', '/health/live')).status).toBe(200);
    });
  });

  describe('without demo data', () => {
    const app = useTestApp({ DEMO_DATA: 'false' });

    it('does not name the demo credentials in the API description', async () => {
      const { description } = (await app.request('GET', '/openapi.json')).body.info;
      expect(description).toContain("sign in on Scopegate's page");
      expect(description).not.toContain('johndoe');
    });
  });

  describe('with demo data', () => {
    const app = useTestApp({ DEMO_DATA: 'true' });

    it('names the demo user in the API description', async () => {
      const { description } = (await app.request('GET', '/openapi.json')).body.info;
      expect(description).toContain('`johndoe` / `secret`');
    });
  });
});

/** Follows one local `$ref`. */
function resolve(document: any, schema: any): any {
  if (!schema.$ref) return schema;
  return document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
