import { ScopeCatalog } from '@scopegate/resource-server';
import { OPENID_SCOPES } from '../../src/authorization-server/common/openid.scopes';
import { ITEMS_SCOPES } from '../../src/items/items.scopes';
import { ScopeDeclaration } from '../../src/scopes/scope-declaration';
import { CORE_SCOPES } from '../../src/scopes/scopes.module';
import { USERS_SCOPES } from '../../src/users/users.scopes';

/**
 * The application's catalog as its modules declare it (`admin`, the users', the items' and
 * OpenID Connect's scopes), for unit specs that need real scopes without booting the application.
 */
export const demoCatalog = ScopeCatalog.fromDeclarations([
  new ScopeDeclaration('ScopesModule', CORE_SCOPES),
  new ScopeDeclaration('UsersModule', USERS_SCOPES),
  new ScopeDeclaration('ItemsModule', ITEMS_SCOPES),
  new ScopeDeclaration('AuthorizationServerModule', OPENID_SCOPES),
]);
