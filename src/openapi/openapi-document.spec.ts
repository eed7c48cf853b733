import type { OpenAPIObject } from '@nestjs/swagger';
import { tokenUrlOf } from './openapi-document';

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths };
}

describe('tokenUrlOf', () => {
  it("is the token operation's documented path, so a global prefix is included", () => {
    const document = documentWith({
      '/api/token': { post: { operationId: 'TokenController_issue', responses: {} } },
      '/api/items': { post: { operationId: 'ItemsController_create', responses: {} } },
    });
    expect(tokenUrlOf(document)).toBe('/api/token');
  });

  it('is /token for an application without the token endpoint', () => {
    expect(tokenUrlOf(documentWith({}))).toBe('/token');
  });
});
