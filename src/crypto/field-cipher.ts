// Encryption at rest for sensitive asset fields (serial number, notes): AES-256-GCM with a random
// 96-bit IV per value, stored as `enc:v1:<base64 iv|tag|ciphertext>`. Exact-match search on an
// encrypted field uses a blind index: an HMAC of the normalized value under a derived key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;

// Random IVs drawn from a pool filled 4 KiB at a time: one call to the system's random source per
// 341 values instead of one per value (bulk loads encrypt millions). Every IV is still random.
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;
function freshIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

export class FieldCipher {
  private readonly indexKey: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the encryption key must be 32 bytes (64 hex characters)');
    this.indexKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'blind-index', 32));
  }

  encrypt(plain: string): string {
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  /** The clear text; values written before encryption (no prefix) pass through unchanged. */
  decrypt(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic, keyed and one-way: equal (case-insensitive) values give equal digests. */
  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey).update(value.trim().toLowerCase()).digest('hex');
  }
}

export const isEncrypted = (value: string) => value.startsWith(PREFIX);

/** What normal reads show: the last 4 characters of a serial number. */
export const maskSerial = (serial: string) => `${'*'.repeat(Math.max(4, Math.min(serial.length - 4, 8)))}${serial.length > 4 ? serial.slice(-4) : ''}`;
export const MASKED_NOTES = '[encrypted: readable by admins through decrypt]';

/** ENCRYPTION_KEY as 64 hex characters or base64 of 32 bytes. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 64 hex characters (or base64 of 32 bytes)');
  return key;
}

export const generateEncryptionKey = () => randomBytes(32).toString('hex');
