// Client credentials: one per user, for integrations that exchange `client_id` + `client_secret`
// for an access token (AuthService.exchangeClientCredential). The client id is public; the secret
// is shown once, when it is issued, and only its SHA-256 (hex) is stored.
import { randomBytes } from 'node:crypto';
import { hashSecret } from './api-keys.js';

export const CLIENT_ID_PATTERN = /^ci_[0-9a-f]{24}$/;
export const CLIENT_SECRET_PATTERN = /^cs_[0-9a-f]{64}$/;

/** The stored form of a client secret (SHA-256 hex, as for API keys): what exchangeClientCredential compares against. */
export const hashClientSecret = hashSecret;

/** `ci_` + 24 hex: public, names the credential in lists and at the token endpoint. */
export function generateClientId(): string {
  return `ci_${randomBytes(12).toString('hex')}`;
}

/** `cs_` + 64 hex and its hash; the secret itself is returned to the caller once and kept nowhere. */
export function generateClientSecret(): { secret: string; secretHash: string } {
  const secret = `cs_${randomBytes(32).toString('hex')}`;
  return { secret, secretHash: hashClientSecret(secret) };
}

/** A new credential: a fresh client id and secret. Regenerating keeps the id and calls generateClientSecret. */
export function generateClientCredential(): { clientId: string; secret: string; secretHash: string } {
  return { clientId: generateClientId(), ...generateClientSecret() };
}
