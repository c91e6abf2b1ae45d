// The `changes` of an AuditEvent: { field: { before, after } } for the columns that changed only.
import { storedEnumValue } from '../db/stored-enum-values.js';
import { Prisma } from '../generated/prisma/client.js';

export type Row = Record<string, unknown>;
export type AuditedEntity =
  | 'Asset' | 'User' | 'Vendor' | 'Location' | 'ApiKey' | 'Organization' | 'Webhook' | 'WebhookDelivery' | 'ClientCredential' | 'Invitation'
  | 'License' | 'LicenseSeat' | 'DepreciationSetting' | 'MaintenanceRecord' | 'GeoPosition' | 'SignalBatch'
  | 'Incident' | 'AssetDocument';

// Bookkeeping and secret columns are never part of a diff.
const IGNORED = new Set(['id', 'organizationId', 'createdAt', 'updatedAt', 'lastUsedAt', 'secretHash', 'passwordHash', 'tokenHash', 'assetTagSeq', 'serialNumberHash', 'secretCiphertext', 'attemptLog', 'customFieldsMatch']);
// Encrypted at rest: the audit trail records that they changed, never their values.
const ENCRYPTED: Partial<Record<AuditedEntity, Set<string>>> = { Asset: new Set(['serialNumber', 'notes']), License: new Set(['licenseKey']) };

const COLUMNS: Record<AuditedEntity, string[]> = {
  Asset: Object.values(Prisma.AssetScalarFieldEnum),
  User: Object.values(Prisma.UserScalarFieldEnum),
  Vendor: Object.values(Prisma.VendorScalarFieldEnum),
  Location: Object.values(Prisma.LocationScalarFieldEnum),
  ApiKey: Object.values(Prisma.ApiKeyScalarFieldEnum),
  Organization: Object.values(Prisma.OrganizationScalarFieldEnum),
  Webhook: Object.values(Prisma.WebhookScalarFieldEnum),
  WebhookDelivery: Object.values(Prisma.WebhookDeliveryScalarFieldEnum),
  ClientCredential: Object.values(Prisma.ClientCredentialScalarFieldEnum),
  Invitation: Object.values(Prisma.InvitationScalarFieldEnum),
  License: Object.values(Prisma.LicenseScalarFieldEnum),
  LicenseSeat: Object.values(Prisma.LicenseSeatScalarFieldEnum),
  DepreciationSetting: Object.values(Prisma.DepreciationSettingScalarFieldEnum),
  MaintenanceRecord: Object.values(Prisma.MaintenanceRecordScalarFieldEnum),
  GeoPosition: Object.values(Prisma.GeoPositionScalarFieldEnum),
  Incident: Object.values(Prisma.IncidentScalarFieldEnum),
  AssetDocument: Object.values(Prisma.AssetDocumentScalarFieldEnum),
  // One ingested batch of IoT signals (src/domain/signals.ts): what it held, not every reading.
  SignalBatch: ['count', 'assetIds', 'signalTypes', 'firstRecordedAt', 'lastRecordedAt'],
};

// Enum values are recorded as stored (db/stored-enum-values.ts), not as Prisma's identifiers.
const ENUM_COLUMNS = new Set(['status', 'complianceStatus']);

function plain(value: unknown, column: string, encrypted: Set<string> | undefined): unknown {
  if (encrypted?.has(column) && typeof value === 'string') return '[encrypted]';
  if (typeof value === 'string' && ENUM_COLUMNS.has(column)) return storedEnumValue(value);
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Prisma.Decimal) return value.toFixed(2);
  return value;
}

export function diffChanges(entity: AuditedEntity, before: Row | null, after: Row | null): Row {
  const changes: Row = {};
  for (const column of COLUMNS[entity]) {
    if (IGNORED.has(column)) continue;
    // Compare stored values (ciphertext is only rewritten when the clear text changed).
    if (JSON.stringify(before?.[column] ?? null) === JSON.stringify(after?.[column] ?? null)) continue;
    changes[column] = { before: plain(before?.[column], column, ENCRYPTED[entity]), after: plain(after?.[column], column, ENCRYPTED[entity]) };
  }
  return changes;
}
