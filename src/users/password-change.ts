/**
 * The earliest `iat` a token of this user may carry. `iat` is in whole seconds (RFC 7519's
 * NumericDate, as every client expects), so a token issued in the same second as a password
 * change cannot say whether it came before or after it: every token of that second is refused,
 * and the tokens signed after the change carry the next second at the earliest (at most one
 * second ahead of the clock, well within any verifier's skew).
 */
export function earliestIssueTime(user: { readonly passwordChangedAt: Date | null }): number {
  if (!user.passwordChangedAt) return 0;
  return Math.floor(user.passwordChangedAt.getTime() / 1000) + 1;
}
