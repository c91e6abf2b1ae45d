// AssetIT's bodies: GraphQL results → the documented snake_case JSON (schemas.ts describes them).
import type { RestExchangeClientCredentialMutation } from '../generated/operations.js';

type ClientToken = NonNullable<RestExchangeClientCredentialMutation['exchangeClientCredential']>;

/** A client credential's access token (no refresh token: exchange the credential again). */
export function clientTokenBody(token: ClientToken) {
  return { access_token: token.accessToken, token_type: token.tokenType, expires_in: token.expiresIn };
}
