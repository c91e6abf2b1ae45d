// Demo data for a first start on an empty database: one organization, "Demo Company" (Business
// plan, admin@demo.example), with users, locations, vendors, 200 assets, their checkout history
// and audit trail — made by the bulk generator (src/seed/), so it is ready in about a second.
// Deterministic: the same data on every machine.
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database } from '../db/database.js';
import { generate } from '../seed/generate.js';

export const DEMO_ASSETS = 200;

export interface DemoOrganization {
  organizationId: string;
  adminEmail: string;
  adminUserId: string;
  writeKey: string;
  readKey: string;
}

/** Asked without Prisma's query compiler, which the start would otherwise load (~0.3 s of CPU). */
export async function isEmptyDatabase(db: Database): Promise<boolean> {
  const [[found]] = await db.queryWithArgs('SELECT EXISTS (SELECT 1 FROM organizations)', []);
  return !found;
}

export async function seedDemoData(db: Database, cipher: FieldCipher): Promise<DemoOrganization> {
  const { organizations: [demo] } = await generate(db, {
    assets: DEMO_ASSETS, seed: 42, cipher, plan: 'business', locations: 6,
    first: { name: 'Demo Company', domain: 'demo.example' },
  });
  return { organizationId: demo.organizationId, adminEmail: demo.adminEmail, adminUserId: demo.adminUserId, writeKey: demo.writeKey, readKey: demo.readKey };
}
