// Where the key of the encrypted fields comes from: ENCRYPTION_KEY, or in embedded mode a key
// generated on first start and kept beside the database (mode 0600) so restarts can read old data.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from '../config.js';
import { logger } from '../request/log.js';
import { FieldCipher, generateEncryptionKey, parseEncryptionKey } from './field-cipher.js';

/** `log` tells where a generated key went (the CLI sends it to stderr, keeping --json output clean). */
export async function loadCipher(config: Config, log: (line: string) => void = (line) => logger.info(line)): Promise<FieldCipher> {
  if (config.encryptionKey) return new FieldCipher(parseEncryptionKey(config.encryptionKey));
  if (config.databaseUrl) {
    // Every instance on one PostgreSQL must share the key: it cannot be invented by one of them.
    throw new ConfigError('ENCRYPTION_KEY is required with DATABASE_URL (64 hex characters, the same on every instance)');
  }
  if (config.dataDir === 'memory://') return new FieldCipher(randomBytes(32));
  const file = path.join(config.dataDir, 'encryption-key');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return new FieldCipher(parseEncryptionKey(existing));
  const key = generateEncryptionKey();
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log(`encryption: generated a key for serial numbers and notes in ${file} (back it up with the data)`);
  return new FieldCipher(parseEncryptionKey(key));
}
