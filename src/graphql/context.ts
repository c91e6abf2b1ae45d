import type { FieldCipher } from '../crypto/field-cipher.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export type ApiStyle = 'graphql' | 'rest' | 'cli';
export type KeyScope = 'read' | 'write';

/** Who is calling: resolved once per request from the Authorization header. */
export interface Principal {
  organizationId: string;
  /** The acting user (for an API key, the user who created it). */
  userId: string;
  apiKeyId: string | null;
  role: 'user' | 'admin';
  scopes: ReadonlySet<KeyScope>;
}

export interface Context {
  requestId: string;
  source: ApiStyle;
  principal: Principal | null;
  /** Scoped to the principal's organization (src/db/tenant-scope.ts); unusable without one. */
  prisma: PrismaClient;
  /** Encrypts and decrypts the asset fields kept encrypted at rest. */
  cipher: FieldCipher;
}
