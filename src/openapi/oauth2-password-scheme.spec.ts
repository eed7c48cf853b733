import { ScopeCatalog } from '@scopegate/resource-server';
import { ScopeDeclaration } from '../scopes/scope-declaration';
import { oauth2PasswordScheme } from './oauth2-password-scheme';

const catalog = ScopeCatalog.fromDeclarations([
  new ScopeDeclaration('TestModule', [
    { name: 'root', description: 'Full access', impliesAll: true },
    { name: 'owner', description: 'Owner', implies: ['root'] },
    { name: 'a:write', description: 'Write a', implies: ['a:read'] },
    { name: 'a:read', description: 'Read a', implies: ['a:list'] },
    { name: 'a:list', description: 'List a' },
  ]),
]);

describe('oauth2PasswordScheme', () => {
  const scheme = oauth2PasswordScheme(catalog, '/api/token');
  const scopes = scheme.flows!.password!.scopes;

  it('is an OAuth2 password flow with the given token URL', () => {
    expect(scheme.type).toBe('oauth2');
    expect(scheme.flows!.password!.tokenUrl).toBe('/api/token');
  });

  it('lists every scope of the catalog, in declaration order', () => {
    expect(Object.keys(scopes)).toEqual(['root', 'owner', 'a:write', 'a:read', 'a:list']);
  });

  it('names the implied scopes, transitively and sorted', () => {
    expect(scopes['a:write']).toBe('Write a (implies a:list, a:read)');
    expect(scopes['a:read']).toBe('Read a (implies a:list)');
    expect(scopes['a:list']).toBe('List a');
  });

  it('says "every scope" for an all-implying scope and for a scope that implies one', () => {
    expect(scopes.root).toBe('Full access (implies every scope)');
    expect(scopes.owner).toBe('Owner (implies every scope)');
  });

  it('offers the client-credentials flow too, at the same token URL with the same scopes', () => {
    expect(scheme.flows!.clientCredentials).toEqual({ tokenUrl: '/api/token', scopes });
  });

  it('points at /token by default', () => {
    expect(oauth2PasswordScheme(catalog).flows!.password!.tokenUrl).toBe('/token');
  });
});
