import { grantableScopes } from './grant-policy';
import { demoCatalog } from '../../../test/support/demo-catalog';

const catalog = demoCatalog;
const anyClient = { scopes: ['admin'] };
/** What a user holding `allowed` gets through a client that may be granted anything. */
const grantScopes = (requested: string[], allowed: string[]) =>
  grantableScopes(requested, { scopes: allowed }, anyClient, catalog);

describe('grantableScopes', () => {
  it('grants the requested scopes the user may hold and drops the others', () => {
    expect(grantScopes(['me', 'items', 'users:read'], ['me', 'items'])).toEqual(['me', 'items']);
  });

  it('grants a scope implied by one the user may hold (items:write ⇒ items:read)', () => {
    expect(grantScopes(['items:read'], ['items:write'])).toEqual(['items:read']);
  });

  it('does not grant the stronger scope to a holder of the implied one', () => {
    expect(grantScopes(['items:write'], ['items:read'])).toEqual([]);
  });

  it('lets an admin be granted anything', () => {
    const everything = catalog.definitions.map((definition) => definition.name);
    expect(grantScopes(everything, ['admin'])).toEqual(everything);
  });

  it('keeps the request order and removes duplicates', () => {
    expect(grantScopes(['items:read', 'me', 'items:read', 'me'], ['me', 'items:write'])).toEqual([
      'items:read',
      'me',
    ]);
  });

  it('grants nothing for an empty request', () => {
    expect(grantScopes([], ['admin'])).toEqual([]);
  });

  it('grants nothing but what every user holds to a user who may hold nothing', () => {
    expect(grantScopes(['me', 'openid', 'email'], [])).toEqual(['openid', 'email']);
  });

  it('limits by the client too, which may always ask for what every user holds', () => {
    const spa = { scopes: ['me'] };
    expect(
      grantableScopes(['me', 'items', 'openid', 'profile'], { scopes: ['admin'] }, spa, catalog),
    ).toEqual(['me', 'openid', 'profile']);
  });
});
