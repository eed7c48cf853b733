import { grantScopes } from './grant-policy';
import { demoCatalog } from '../../../test/support/demo-catalog';

const catalog = demoCatalog;

describe('grantScopes', () => {
  it('grants the requested scopes the user may hold and drops the others', () => {
    expect(grantScopes(['me', 'items', 'users:read'], ['me', 'items'], catalog)).toEqual([
      'me',
      'items',
    ]);
  });

  it('grants a scope implied by one the user may hold (items:write ⇒ items:read)', () => {
    expect(grantScopes(['items:read'], ['items:write'], catalog)).toEqual(['items:read']);
  });

  it('does not grant the stronger scope to a holder of the implied one', () => {
    expect(grantScopes(['items:write'], ['items:read'], catalog)).toEqual([]);
  });

  it('lets an admin be granted anything', () => {
    const everything = catalog.definitions.map((definition) => definition.name);
    expect(grantScopes(everything, ['admin'], catalog)).toEqual(everything);
  });

  it('keeps the request order and removes duplicates', () => {
    expect(
      grantScopes(['items:read', 'me', 'items:read', 'me'], ['me', 'items:write'], catalog),
    ).toEqual(['items:read', 'me']);
  });

  it('grants nothing for an empty request', () => {
    expect(grantScopes([], ['admin'], catalog)).toEqual([]);
  });

  it('grants nothing to a user who may hold nothing', () => {
    expect(grantScopes(['me'], [], catalog)).toEqual([]);
  });
});
