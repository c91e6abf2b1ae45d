// The webhook events a subscription can name, and how audited actions map onto them.
export const WEBHOOK_EVENTS = [
  'asset.created', 'asset.updated', 'asset.assigned', 'asset.checked_in', 'asset.retired', 'asset.deleted',
  'user.invited',
  'vendor.created', 'vendor.updated', 'vendor.deleted',
  'location.created', 'location.updated', 'location.deleted',
  // From the hourly scan (warranty-scan.ts).
  'warranty.expiring',
  // Issue 13: software licences (license.expiring from the hourly scan, license-scan.ts).
  'license.created', 'license.seat_assigned', 'license.seat_released', 'license.expiring',
  // Maintenance records (issue 14); maintenance.due comes from the hourly scan (maintenance-scan.ts).
  'maintenance.created', 'maintenance.completed', 'maintenance.due',
  // Incidents and asset documents (issue 14); document.expiring comes from the hourly scan (document-scan.ts).
  'incident.opened', 'incident.resolved', 'document.expiring',
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

const DIRECT: Record<string, WebhookEventName> = {
  'asset.created': 'asset.created',
  'asset.updated': 'asset.updated',
  'asset.checked_out': 'asset.assigned',
  'asset.checked_in': 'asset.checked_in',
  'asset.deleted': 'asset.deleted',
  'user.invited': 'user.invited',
  'vendor.created': 'vendor.created',
  'vendor.updated': 'vendor.updated',
  'vendor.deleted': 'vendor.deleted',
  'location.created': 'location.created',
  'location.updated': 'location.updated',
  'location.deleted': 'location.deleted',
  'license.created': 'license.created',
  'license.seat_assigned': 'license.seat_assigned',
  'license.seat_released': 'license.seat_released',
  'maintenance.created': 'maintenance.created',
  'maintenance.completed': 'maintenance.completed',
  'incident.opened': 'incident.opened',
  'incident.resolved': 'incident.resolved',
};

/** The webhook events an audited action raises (an update to status retired also raises asset.retired). */
export function webhookEventsFor(action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): WebhookEventName[] {
  const events: WebhookEventName[] = [];
  const direct = DIRECT[action];
  if (direct) events.push(direct);
  if (action.startsWith('asset.') && after?.status === 'retired' && before?.status !== 'retired') events.push('asset.retired');
  // A record created or updated with its completion time set is completed too.
  if (action.startsWith('maintenance.') && after?.completedAt && !before?.completedAt && !events.includes('maintenance.completed')) {
    events.push('maintenance.completed');
  }
  return events;
}

/**
 * Subscription patterns: an exact event name, `vendor.*` / `location.*` style wildcards, or `*`.
 */
export function isValidEventPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return WEBHOOK_EVENTS.some((event) => event.startsWith(pattern.slice(0, -1)));
  return (WEBHOOK_EVENTS as readonly string[]).includes(pattern);
}
