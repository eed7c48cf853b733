import { ITEMS_SCOPES } from '../items/items.scopes';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { ScopeDeclaration } from '../scopes/scope-declaration';
import { CORE_SCOPES } from '../scopes/scopes.module';
import { USERS_SCOPES } from '../users/users.scopes';
import { grantScopes } from './grant-policy';

const catalog = ScopeCatalog.fromDeclarations([
  new ScopeDeclaration('ScopesModule', CORE_SCOPES),
  new ScopeDeclaration('UsersModule', USERS_SCOPES),
  new ScopeDeclaration('ItemsModule', ITEMS_SCOPES),
]);

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
