// The server operator's credential for operator-only mutations (setOrganizationPlan): the
// OPERATOR_TOKEN secret, sent as X-Operator-Token. It is no organization's credential, so no
// organization admin holds it; unset, no request is an operator's.
import { createHash, timingSafeEqual } from 'node:crypto';

export const OPERATOR_TOKEN_HEADER = 'x-operator-token';
export const MIN_OPERATOR_TOKEN_LENGTH = 32;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether a header value is the configured token (compared in constant time); always false when none is configured. */
export function operatorTokenMatcher(token: string | undefined): (given: string | null) => boolean {
  if (!token) return () => false;
  const expected = digest(token);
  return (given) => given !== null && timingSafeEqual(digest(given), expected);
}
