import { BearerError } from './errors';

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

    it('keeps the challenge description within the RFC 6750 §3 character set', () => {
      const error = BearerError.invalidToken('Bad "kid" \\ here');
      const challenge = error.headers['WWW-Authenticate'];
      // error_description: %x20-21 / %x23-5B / %x5D-7E, so no '"' and no '\' inside the quotes.
      const match = /error_description="([\x20\x21\x23-\x5B\x5D-\x7E]*)"$/.exec(challenge);
      expect(match?.[1]).toMatch(/^Bad .kid. . here$/);
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
