// Access tokens: short-lived JWTs signed with an asymmetric key (EdDSA or ES256) named by `kid`.
// Verification accepts only those algorithms, only our issuer and audience, only known keys.
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { SIGNING_ALGORITHMS, type SigningKeys } from './signing-keys.js';

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** Lifetime of an access token (15 minutes by default). */
  ttlSeconds: number;
}

export const DEFAULT_TOKEN_SETTINGS: TokenSettings = { issuer: 'itam', audience: 'itam-api', ttlSeconds: 15 * 60 };
// RFC 9068's media type: an ID token or other JWT signed by the same key is not an access token.
const TOKEN_TYPE = 'at+jwt';
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AccessClaims {
  /** The user. */
  sub: string;
  /** The user's organization. */
  org: string;
  /** The login session (refresh-token family) for tokens from login/refresh. */
  sid?: string;
  /** The client credential for tokens from POST /api/auth/token. */
  cid?: string;
}

export class AccessTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Access token has expired' : 'Invalid access token');
  }
}

export class AccessTokens {
  constructor(readonly keys: SigningKeys, readonly settings: TokenSettings) {}

  async issue(claims: AccessClaims): Promise<{ token: string; expiresIn: number }> {
    const { kid, alg, privateKey } = await this.keys.current();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ org: claims.org, ...(claims.sid && { sid: claims.sid }), ...(claims.cid && { cid: claims.cid }) })
      .setProtectedHeader({ alg, kid, typ: TOKEN_TYPE })
      .setSubject(claims.sub)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.settings.ttlSeconds)
      .setJti(randomUUID())
      .sign(privateKey);
    return { token, expiresIn: this.settings.ttlSeconds };
  }

  /** The claims of a valid token; AccessTokenError('expired' | 'invalid') otherwise. */
  async verify(token: string): Promise<AccessClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.keys.find(header.kid) : null;
          // The key decides the algorithm, never the token: a header naming another one fails.
          if (!key || key.alg !== header.alg) throw new AccessTokenError('invalid');
          return key.key;
        },
        {
          algorithms: SIGNING_ALGORITHMS,
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          typ: TOKEN_TYPE,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
        },
      ));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AccessTokenError('expired');
      throw new AccessTokenError('invalid');
    }
    const { sub, org, sid, cid } = payload as JWTPayload & Record<string, unknown>;
    if (typeof sub !== 'string' || typeof org !== 'string') throw new AccessTokenError('invalid');
    if ((sid !== undefined && typeof sid !== 'string') || (cid !== undefined && typeof cid !== 'string')) throw new AccessTokenError('invalid');
    return { sub, org, ...(sid !== undefined && { sid }), ...(cid !== undefined && { cid }) } as AccessClaims;
  }
}
