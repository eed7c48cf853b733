import { BearerError } from './bearer-error';

describe('BearerError', () => {
  describe('missingToken', () => {
    it('answers 401 with a bare challenge: no error code (RFC 6750 §3.1)', () => {
      const error = BearerError.missingToken([]);
      expect(error.getStatus()).toBe(401);
      expect(error.headers['WWW-Authenticate']).toBe('Bearer realm="scopegate"');
    });

    it('may tell the client which scopes the route requires', () => {
      const challenge = BearerError.missingToken(['me', 'items']).headers['WWW-Authenticate'];
      expect(challenge).toBe('Bearer realm="scopegate", scope="me items"');
      expect(challenge).not.toContain('error=');
    });
  });

  describe('invalidToken', () => {
    it('answers 401 with error="invalid_token" and its description', () => {
      const error = BearerError.invalidToken('The access token expired');
      expect(error.getStatus()).toBe(401);
      expect(error.body).toEqual({
        error: 'invalid_token',
        error_description: 'The access token expired',
      });
      expect(error.headers['WWW-Authenticate']).toBe(
        'Bearer realm="scopegate", error="invalid_token", error_description="The access token expired"',
      );
    });

    it('escapes quotes and backslashes in the challenge description', () => {
      const error = BearerError.invalidToken('Bad "kid" \\ here');
      expect(error.headers['WWW-Authenticate']).toContain(
        'error_description="Bad \\"kid\\" \\\\ here"',
      );
      expect(error.body.error_description).toBe('Bad "kid" \\ here');
    });
  });

  describe('insufficientScope', () => {
    it('answers 403 listing every required scope in the body and the challenge', () => {
      const error = BearerError.insufficientScope(['me', 'items']);
      expect(error.getStatus()).toBe(403);
      expect(error.body).toMatchObject({ error: 'insufficient_scope', scope: 'me items' });
      const challenge = error.headers['WWW-Authenticate'];
      expect(challenge).toMatch(/^Bearer realm="scopegate", /);
      expect(challenge).toContain('error="insufficient_scope"');
      expect(challenge).toContain('scope="me items"');
    });
  });
});
