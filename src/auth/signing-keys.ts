// The keys that sign access tokens. Either fixed by configuration (JWT_SIGNING_KEYS, a private JWK
// or JWK set; the first signs) or generated on first use and kept in the database, encrypted, so
// every instance signs and verifies with the same ones. Rotation adds a key and retires the old
// one, which keeps verifying until the tokens it signed have expired.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export type SigningAlgorithm = 'EdDSA' | 'ES256';
export const SIGNING_ALGORITHMS: SigningAlgorithm[] = ['EdDSA', 'ES256'];
const GENERATED_ALGORITHM: SigningAlgorithm = 'EdDSA';
// Other instances see a rotation within this long; an unknown kid reloads sooner (at most every 5 s).
const CACHE_MS = 60_000;
const UNKNOWN_KID_RELOAD_MS = 5_000;
// Any 64-bit number: serializes key generation between instances starting together.
const GENERATION_LOCK = 727_274_001;
const VERIFY_ONLY = new Date(8.64e15);

export interface VerificationKey {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: JWK;
  key: CryptoKey | Uint8Array;
  retiredAt: Date | null;
}
interface KeyPair extends VerificationKey {
  privateKey: CryptoKey | Uint8Array;
}

export class SigningKeyError extends Error {}

function algorithmOf(jwk: JWK): SigningAlgorithm {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new SigningKeyError(`signing keys must be Ed25519 (OKP) or P-256 (EC) JWKs, got kty=${jwk.kty} crv=${jwk.crv}`);
}

function publicPart(jwk: JWK, kid: string, alg: SigningAlgorithm): JWK {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, ...(y && { y }), kid, alg, use: 'sig' };
}

async function keyPair(privateJwk: JWK, kid: string, retiredAt: Date | null): Promise<KeyPair> {
  const alg = algorithmOf(privateJwk);
  const publicJwk = publicPart(privateJwk, kid, alg);
  return { kid, alg, publicJwk, retiredAt, key: await importJWK(publicJwk, alg), privateKey: await importJWK(privateJwk, alg) };
}

/** JWT_SIGNING_KEYS: one private JWK or `{ keys: [...] }`; a key without `kid` gets its thumbprint. */
export async function parseConfiguredKeys(json: string): Promise<JWK[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SigningKeyError('JWT_SIGNING_KEYS is not JSON: give a private JWK or a JWK set');
  }
  if (!parsed || typeof parsed !== 'object') throw new SigningKeyError('JWT_SIGNING_KEYS must be a private JWK or a JWK set');
  const keys = (parsed as { keys?: JWK[] }).keys ?? [parsed as JWK];
  if (!Array.isArray(keys) || !keys.every((key) => key && typeof key === 'object')) {
    throw new SigningKeyError('JWT_SIGNING_KEYS must be a private JWK or a JWK set');
  }
  if (!keys.length) throw new SigningKeyError('JWT_SIGNING_KEYS holds no key');
  return Promise.all(
    keys.map(async (jwk) => {
      algorithmOf(jwk);
      if (!jwk.d) throw new SigningKeyError('JWT_SIGNING_KEYS must hold private keys (with "d")');
      return { ...jwk, kid: jwk.kid ?? (await calculateJwkThumbprint(jwk)) };
    }),
  );
}

export class SigningKeys {
  private cache: { pairs: KeyPair[]; at: number } | undefined;
  private loading: Promise<KeyPair[]> | undefined;
  private lastUnknownKidReload = 0;

  /**
   * `configured`: keys from JWT_SIGNING_KEYS (no database use). Otherwise keys live in the
   * database; `tokenTtlSeconds` is how long a retired key keeps verifying.
   */
  constructor(
    private readonly source: { configured: JWK[] } | { prisma: PrismaClient; cipher: FieldCipher },
    private readonly tokenTtlSeconds: number,
  ) {
    // A configured key that cannot sign is refused now, not at the first login.
    if ('configured' in source) {
      for (const jwk of source.configured) {
        algorithmOf(jwk);
        if (!jwk.d) throw new SigningKeyError('configured signing keys must be private keys (with "d")');
      }
    }
  }

  /** The key new tokens are signed with. */
  async current(): Promise<KeyPair> {
    const pairs = await this.pairs();
    const active = pairs.find((pair) => !pair.retiredAt);
    if (active) return active;
    this.cache = undefined;
    const reloaded = await this.pairs();
    return reloaded.find((pair) => !pair.retiredAt) ?? reloaded[0];
  }

  /** The key a token names in its header, or null when no valid key has that kid. */
  async find(kid: string): Promise<VerificationKey | null> {
    const found = (await this.pairs()).find((pair) => pair.kid === kid);
    if (found || Date.now() - this.lastUnknownKidReload < UNKNOWN_KID_RELOAD_MS) return found ?? null;
    // Maybe another instance rotated a moment ago.
    this.lastUnknownKidReload = Date.now();
    this.cache = undefined;
    return (await this.pairs()).find((pair) => pair.kid === kid) ?? null;
  }

  /** The public keys, for GET /.well-known/jwks.json. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.pairs()).map((pair) => pair.publicJwk) };
  }

  /** Generates a new signing key and retires the current one (database keys only); returns its kid. */
  async rotate(): Promise<string> {
    if ('configured' in this.source) throw new SigningKeyError('keys from JWT_SIGNING_KEYS are rotated in the configuration');
    const kid = await this.generate(true);
    this.cache = undefined;
    return kid;
  }

  private async pairs(): Promise<KeyPair[]> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.pairs;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    const pairs = await this.loading;
    this.cache = { pairs, at: Date.now() };
    return pairs;
  }

  private async load(): Promise<KeyPair[]> {
    if ('configured' in this.source) {
      // The first configured key signs; the others only verify (marked retired, never dropped).
      // A key given without `kid` (not through parseConfiguredKeys) is named by its thumbprint too.
      return Promise.all(
        this.source.configured.map(async (jwk, index) => keyPair(jwk, jwk.kid ?? (await calculateJwkThumbprint(jwk)), index === 0 ? null : VERIFY_ONLY)),
      );
    }
    const { prisma, cipher } = this.source;
    const since = new Date(Date.now() - this.tokenTtlSeconds * 1000);
    let rows = await prisma.signingKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: since } }] },
      orderBy: { createdAt: 'desc' },
    });
    if (!rows.some((row) => !row.retiredAt)) {
      await this.generate(false);
      rows = await prisma.signingKey.findMany({ where: { OR: [{ retiredAt: null }, { retiredAt: { gt: since } }] }, orderBy: { createdAt: 'desc' } });
    }
    return Promise.all(rows.map((row) => keyPair(JSON.parse(cipher.decrypt(row.privateJwk)) as JWK, row.kid, row.retiredAt)));
  }

  /** A new key under a lock; without `retireOthers` only when no active key exists yet. */
  private async generate(retireOthers: boolean): Promise<string> {
    const { prisma, cipher } = this.source as { prisma: PrismaClient; cipher: FieldCipher };
    return prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${GENERATION_LOCK})`);
      if (!retireOthers) {
        const existing = await tx.signingKey.findFirst({ where: { retiredAt: null } });
        if (existing) return existing.kid;
      }
      const { privateKey } = await generateKeyPair(GENERATED_ALGORITHM, { extractable: true });
      const jwk = await exportJWK(privateKey);
      const kid = await calculateJwkThumbprint(jwk);
      await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
      await tx.signingKey.create({
        data: {
          kid,
          algorithm: GENERATED_ALGORITHM,
          publicJwk: publicPart(jwk, kid, GENERATED_ALGORITHM) as object,
          privateJwk: cipher.encrypt(JSON.stringify({ ...jwk, kid })),
        },
      });
      return kid;
    });
  }
}
