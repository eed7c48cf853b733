import { GrantRegistry } from '../../src/authorization-server/common/grant-registry';
import { AuthorizationCodeGrant } from '../../src/authorization-server/token/grants/authorization-code.grant';
import { ClientCredentialsGrant } from '../../src/authorization-server/token/grants/client-credentials.grant';
import { PasswordGrant } from '../../src/authorization-server/token/grants/password.grant';
import { RefreshTokenGrant } from '../../src/authorization-server/token/grants/refresh-token.grant';

/**
 * The registry of the real grant handlers, for specs that read what each grant requires: what
 * the handlers would need to issue tokens is left out (no spec that uses this issues one).
 */
export function grantRegistry(passwordGrant = true): GrantRegistry {
  const none = undefined as never;
  return new GrantRegistry(
    [
      new AuthorizationCodeGrant(none, none, none, none, none, none),
      new PasswordGrant(none, none, none),
      new ClientCredentialsGrant(none, none),
      new RefreshTokenGrant(none, none, none, none, none),
    ],
    { passwordGrant },
  );
}
