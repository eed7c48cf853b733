import { API_HELMET_OPTIONS, DOCS_HELMET_OPTIONS, helmetHeaders } from './security-headers';

describe('helmetHeaders', () => {
  it('computes the API headers once: nosniff, HSTS, frame and referrer policies, a closed CSP', () => {
    const headers = helmetHeaders(API_HELMET_OPTIONS);
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
    });
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    // Legacy headers are switched off, not sent empty.
    expect(headers).not.toHaveProperty('x-xss-protection');
    expect(headers).not.toHaveProperty('x-dns-prefetch-control');
  });

  it('gives Swagger UI a page policy: own scripts, inline styles, no https upgrade', () => {
    const csp = helmetHeaders(DOCS_HELMET_OPTIONS)['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('returns a frozen record, so no request can change what the next one gets', () => {
    expect(Object.isFrozen(helmetHeaders(API_HELMET_OPTIONS))).toBe(true);
  });
});
