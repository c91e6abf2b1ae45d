// The `data` of the webhook events of issue 14's records (maintenance, incidents, documents): the
// record's id, its asset and the fields a receiver acts on. The outbox adds `changes` and `actor`.
type Row = Record<string, unknown>;

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value ?? null);
const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value ?? null);
const decimal = (value: unknown) => (value == null ? null : typeof value === 'object' && 'toFixed' in value ? (value as { toFixed(n: number): string }).toFixed(2) : value);

const PAYLOADS: Record<string, (id: string, row: Row) => Row> = {
  MaintenanceRecord: (id, row) => ({
    maintenance_id: id,
    asset_id: row.assetId ?? null,
    type: row.type ?? null,
    description: row.description ?? null,
    scheduled_date: day(row.scheduledDate),
    completed_at: iso(row.completedAt),
    cost: decimal(row.cost),
  }),
  Incident: (id, row) => ({
    incident_id: id,
    asset_id: row.assetId ?? null,
    severity: row.severity ?? null,
    title: row.title ?? null,
    description: row.description ?? null,
    opened_at: iso(row.openedAt),
    opened_by_id: row.openedById ?? null,
    resolved_at: iso(row.resolvedAt),
    resolved_by_id: row.resolvedById ?? null,
    resolution: row.resolution ?? null,
  }),
};

/** The payload of a record of issue 14's models, or null for any other entity. */
export function integrationEventData(entityType: string, entityId: string, row: Row): Row | null {
  return PAYLOADS[entityType]?.(entityId, row) ?? null;
}
