import { demoCatalog } from '../../test/support/demo-catalog';

const sorted = (scopes: Iterable<string>) => [...scopes].sort();

describe("Scopegate's scope catalog", () => {
  const catalog = demoCatalog;

  it('holds the demo catalog of docs/http-contract.md', () => {
    expect(sorted(catalog.definitions.map((definition) => definition.name))).toEqual([
      'admin',
      'email',
      'items',
      'items:delete',
      'items:read',
      'items:write',
      'me',
      'openid',
      'profile',
      'users:read',
      'users:write',
    ]);
  });

  it('adds what every user holds only for a user (expandForUser), never to expand', () => {
    expect(sorted(catalog.expand(['me']))).toEqual(['me']);
    expect(sorted(catalog.expandForUser(['me']))).toEqual(['email', 'me', 'openid', 'profile']);
    expect(sorted(catalog.expandForUser([]))).toEqual(['email', 'openid', 'profile']);
  });

  it('lets items:write imply items:read and nothing else', () => {
    expect(sorted(catalog.closureOf('items:write'))).toEqual(['items:read', 'items:write']);
  });

  it('lets users:write imply users:read and nothing else', () => {
    expect(sorted(catalog.closureOf('users:write'))).toEqual(['users:read', 'users:write']);
  });

  it('lets admin imply every scope', () => {
    expect(sorted(catalog.closureOf('admin'))).toEqual(
      sorted(catalog.definitions.map((definition) => definition.name)),
    );
  });

  it('does not let the read scopes imply their write counterparts', () => {
    expect(catalog.closureOf('items:read').has('items:write')).toBe(false);
    expect(catalog.closureOf('users:read').has('users:write')).toBe(false);
  });
});
