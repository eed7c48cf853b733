import type { ScopedRoute } from '../scoped-routes';
import type { OpenApiDocument } from './openapi-types';
import { applyScopeSecurity, OpenApiDocumentError } from './scope-security';

const SCHEME = 'OAuth2PasswordBearer';

function documentWith(paths: OpenApiDocument['paths']): OpenApiDocument {
  return { paths };
}

function route(handler: string, method: string, isPublic: boolean, scopes: string[]): ScopedRoute {
  return {
    controller: 'ThingsController',
    handler,
    method,
    requirement: { isPublic, scopes, introspect: false },
  };
}

const ok = { '200': { description: 'OK' } };

describe('applyScopeSecurity', () => {
  it('gives a protected operation one requirement object with all its scopes, and 401 + 403', () => {
    const document = documentWith({
      '/things': { get: { operationId: 'ThingsController_list', responses: { ...ok } } },
    });
    applyScopeSecurity(document, [route('list', 'GET', false, ['things:read', 'extra'])], SCHEME);
    const operation = document.paths['/things'].get!;
    expect(operation.security).toEqual([{ OAuth2PasswordBearer: ['things:read', 'extra'] }]);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '401', '403']);
    expect(operation.description).toBe('Requires scopes: `things:read`, `extra`');
  });

  it('gives a public operation an empty security list and no 401', () => {
    const document = documentWith({
      '/open': { post: { operationId: 'ThingsController_open', responses: { ...ok } } },
    });
    applyScopeSecurity(document, [route('open', 'POST', true, [])], SCHEME);
    expect(document.paths['/open'].post!.security).toEqual([]);
    expect(document.paths['/open'].post!.responses).toEqual(ok);
  });

  it('documents no 403 for a route that needs a token but no scope', () => {
    const document = documentWith({
      '/any': { get: { operationId: 'ThingsController_any', responses: { ...ok } } },
    });
    applyScopeSecurity(document, [route('any', 'GET', false, [])], SCHEME);
    expect(document.paths['/any'].get!.security).toEqual([{ OAuth2PasswordBearer: [] }]);
    expect(Object.keys(document.paths['/any'].get!.responses).sort()).toEqual(['200', '401']);
  });

  it('refuses an operation that matches no route handler', () => {
    const document = documentWith({
      '/ghost': { get: { operationId: 'GhostController_haunt', responses: { ...ok } } },
    });
    expect(() => applyScopeSecurity(document, [], SCHEME)).toThrow(OpenApiDocumentError);
    expect(() => applyScopeSecurity(document, [], SCHEME)).toThrow(
      'GET /ghost (operationId GhostController_haunt) matches no route handler',
    );
  });

  it('refuses an operation documented under another HTTP method than its handler', () => {
    const document = documentWith({
      '/things': { put: { operationId: 'ThingsController_list', responses: { ...ok } } },
    });
    expect(() => applyScopeSecurity(document, [route('list', 'GET', false, [])], SCHEME)).toThrow(
      'PUT /things is documented for a GET handler',
    );
  });

  it('refuses two handlers with the same controller and method names', () => {
    const twice = [route('list', 'GET', false, []), route('list', 'GET', false, ['x'])];
    expect(() => applyScopeSecurity(documentWith({}), twice, SCHEME)).toThrow(
      'Two route handlers are both named ThingsController.list',
    );
  });
});
