/** What the liveness rule needs of a user. */
export interface LivenessFacts {
  readonly disabled: boolean;
  readonly passwordChangedAt: Date | null;
}

/**
 * May a credential issued to `user` at `issuedAt` (an access token, a refresh-token session)
 * still be used? `gone`: the user no longer exists or is disabled; `password-changed`: the
 * password was changed at or after that instant. The one rule for tokens and sessions alike.
 */
export function mayStillUse(
  user: LivenessFacts | null,
  issuedAt: Date,
): 'yes' | 'gone' | 'password-changed' {
  if (!user || user.disabled) return 'gone';
  if (user.passwordChangedAt && user.passwordChangedAt.getTime() >= issuedAt.getTime()) {
    return 'password-changed';
  }
  return 'yes';
}

/**
 * The earliest `iat` a token of this user may carry. `iat` is in whole seconds (RFC 7519's
 * NumericDate, as every client expects), so a token issued in the same second as a password
 * change cannot say whether it came before or after it: every token of that second is refused
 * (`mayStillUse` with `iat` as the instant), and the tokens signed after the change carry the
 * next second at the earliest (at most one second ahead of the clock, well within any
 * verifier's skew).
 */
export function earliestIssueTime(user: { readonly passwordChangedAt: Date | null }): number {
  if (!user.passwordChangedAt) return 0;
  return Math.floor(user.passwordChangedAt.getTime() / 1000) + 1;
}
