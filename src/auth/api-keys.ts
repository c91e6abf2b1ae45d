// API keys: `sk_` + 56 hex. Only the SHA-256 of the secret is stored; the first 10 characters
// are kept as a prefix to tell keys apart in lists.
import { createHash, randomBytes } from 'node:crypto';
import { KEY_SCOPES, type KeyScope } from '../request/principal.js';

export const API_KEY_PATTERN = /^sk_[0-9a-f]{56}$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey() {
  const secret = `sk_${randomBytes(28).toString('hex')}`;
  return { secret, prefix: secret.slice(0, 10), secretHash: hashSecret(secret) };
}

/**
 * `read`, `write` and the fine-grained permissions (permissions.ts), in KEY_SCOPES order. `write`
 * includes `read`; a fine-grained permission does not. Unknown scopes are refused.
 */
export function normalizeScopes(scopes: readonly string[]): KeyScope[] {
  const unknown = scopes.filter((scope) => !KEY_SCOPES.includes(scope as KeyScope));
  if (unknown.length) throw new Error(`unknown scope(s): ${unknown.join(', ')} (known: ${KEY_SCOPES.join(', ')})`);
  const set = new Set(scopes as KeyScope[]);
  if (set.has('write')) set.add('read');
  if (set.size === 0) throw new Error('a key needs at least one scope');
  return KEY_SCOPES.filter((scope) => set.has(scope));
}
