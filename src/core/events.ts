/**
 * What one feature announces and another acts on (`@nestjs/event-emitter`), so that neither
 * imports the other: the users and clients features announce changes, the token lifecycle
 * revokes what they make invalid. Emitted with `emitAsync`: the change's request answers once
 * every listener is done.
 */

/** A user was changed. */
export const USER_CHANGED = 'user.changed';

export interface UserChanged {
  readonly userId: string;
  readonly disabled: boolean;
  readonly passwordChanged: boolean;
}

/** A client was changed. */
export const CLIENT_CHANGED = 'client.changed';

export interface ClientChanged {
  readonly clientId: string;
  readonly disabled: boolean;
}

/** A user withdrew their consent to a client (`DELETE /users/me/grants/{clientId}`). */
export const CONSENT_WITHDRAWN = 'consent.withdrawn';

export interface ConsentWithdrawn {
  readonly userId: string;
  readonly clientId: string;
}
