import { matchesRedirectUri, redirectUriProblem } from './redirect-uri';

describe('redirectUriProblem', () => {
  it.each([
    'https://app.example/callback',
    'https://app.example/cb?tenant=1',
    'http://127.0.0.1/callback',
    'http://127.0.0.1:8080/callback',
    'http://[::1]/cb',
    'com.example.app:/oauth2redirect',
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    ['', /characters/],
    ['/callback', /absolute/],
    ['https://app.example/cb#top', /fragment/],
    ['https://app.example/c b', /spaces/],
    ['http://app.example/cb', /loopback/],
    ['http://localhost/cb', /loopback/],
    ['http://127.0.0.1.evil.example/cb', /loopback/],
    ['javascript:alert(1)', /private-use/],
    ['data:text/html,hi', /private-use/],
    ['https://user:pw@app.example/cb', /credentials/],
    [`https://app.example/${'a'.repeat(2000)}`, /characters/],
  ])('refuses %j', (uri, problem) => {
    expect(redirectUriProblem(uri)).toMatch(problem);
  });
});

describe('matchesRedirectUri', () => {
  it('compares strings exactly', () => {
    expect(matchesRedirectUri('https://a.example/cb', 'https://a.example/cb')).toBe(true);
    expect(matchesRedirectUri('https://a.example/cb', 'https://a.example/cb/')).toBe(false);
    expect(matchesRedirectUri('https://a.example/cb', 'https://A.example/cb')).toBe(false);
    expect(matchesRedirectUri('https://a.example/cb', 'https://a.example:443/cb')).toBe(false);
    expect(matchesRedirectUri('https://a.example/cb', 'https://a.example/cb?x=1')).toBe(false);
  });

  it('lets a loopback URI match on any port, nothing else', () => {
    expect(matchesRedirectUri('http://127.0.0.1/callback', 'http://127.0.0.1:51004/callback')).toBe(
      true,
    );
    expect(matchesRedirectUri('http://127.0.0.1:80/callback', 'http://127.0.0.1:9/callback')).toBe(
      true,
    );
    expect(matchesRedirectUri('http://[::1]/cb', 'http://[::1]:7000/cb')).toBe(true);
    expect(matchesRedirectUri('http://127.0.0.1/callback', 'http://127.0.0.1:5000/other')).toBe(
      false,
    );
    expect(matchesRedirectUri('http://127.0.0.1/callback', 'http://[::1]:5000/callback')).toBe(
      false,
    );
    expect(matchesRedirectUri('https://a.example/cb', 'https://a.example:8443/cb')).toBe(false);
  });
});
