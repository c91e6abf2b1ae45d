// The dashboard: asset counts and value, book value, assignments, licence seats and alerts, from
// four aggregate statements whatever the size of the organization (no per-row loops). Raw SQL is
// not tenant-scoped by the client, so every statement names the organization itself.
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { WARRANTY_NOTICE_DAYS } from '../webhooks/warranty-scan.js';
import { depreciate, ORGANIZATION_DEFAULT, type DepreciationMethod } from './depreciation-math.js';

/** Alerts of one kind listed at most (the soonest first). */
export const ALERTS_PER_KIND = 100;

export type AlertKind = 'warranty_expiring' | 'overdue_return' | 'license_expiring' | 'license_over_assigned';

export interface DashboardAlert {
  kind: AlertKind;
  entityType: 'Asset' | 'Assignment' | 'License';
  entityId: string;
  message: string;
  /** The date the alert is about (expiry, expected return); null for over-assigned licences. */
  dueDate: Date | null;
}

export interface Dashboard {
  asOf: Date;
  totalAssets: number;
  assetsByStatus: { status: string; count: number }[];
  assetsByCategory: { category: string | null; count: number; totalValue: Prisma.Decimal }[];
  totalValue: Prisma.Decimal;
  bookValue: Prisma.Decimal;
  activeAssignments: number;
  overdueAssignments: number;
  licenseSeatsUsed: number;
  licenseSeatsTotal: number;
  alerts: DashboardAlert[];
}

const STATUSES = ['active', 'checked_out', 'checked_in', 'maintenance', 'retired'];
const decimal = (text: string | null) => new Prisma.Decimal(text ?? 0);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export async function dashboard(prisma: PrismaClient, organizationId: string, today: Date): Promise<Dashboard> {
  const day = isoDay(today);
  const horizon = isoDay(new Date(today.getTime() + WARRANTY_NOTICE_DAYS * 86_400_000));
  const [groups, valued, counts, alerts] = await Promise.all([
    prisma.$queryRawUnsafe<{ status: string; category: string | null; count: number; value: string | null }[]>(
      `SELECT status::text AS status, category, count(*)::int AS count, sum(value)::text AS value
         FROM assets WHERE organization_id = $1::uuid GROUP BY status, category`,
      organizationId,
    ),
    // Identical assets (category, price, purchase date) are valued once, times their count.
    prisma.$queryRawUnsafe<{ value: string; purchase_date: Date; count: number; method: DepreciationMethod | null; life: number | null; salvage: string | null }[]>(
      `SELECT a.value::text AS value, a.purchase_date, count(*)::int AS count,
              s.method::text AS method, s.useful_life_years AS life, s.salvage_percent::text AS salvage
         FROM assets a
         LEFT JOIN depreciation_settings s ON s.organization_id = a.organization_id AND s.category = a.category
        WHERE a.organization_id = $1::uuid AND a.value IS NOT NULL AND a.purchase_date <= $2::date
        GROUP BY a.category, a.value, a.purchase_date, s.method, s.useful_life_years, s.salvage_percent`,
      organizationId, day,
    ),
    prisma.$queryRawUnsafe<{ active: number; overdue: number; seats_used: number; seats_total: number }[]>(
      `SELECT (SELECT count(*)::int FROM assignments WHERE organization_id = $1::uuid AND checked_in_at IS NULL) AS active,
              (SELECT count(*)::int FROM assignments WHERE organization_id = $1::uuid AND checked_in_at IS NULL AND expected_return < $2::date) AS overdue,
              (SELECT count(*)::int FROM license_seats WHERE organization_id = $1::uuid AND released_at IS NULL) AS seats_used,
              (SELECT coalesce(sum(seats_purchased), 0)::int FROM licenses WHERE organization_id = $1::uuid) AS seats_total`,
      organizationId, day,
    ),
    prisma.$queryRawUnsafe<{ kind: AlertKind; entity_id: string; label: string; holder: string | null; due: Date | null; used: number | null; purchased: number | null }[]>(
      `(SELECT 'warranty_expiring' AS kind, id::text AS entity_id, name || ' (' || asset_tag || ')' AS label, NULL AS holder,
               warranty_expiry AS due, NULL::int AS used, NULL::int AS purchased
          FROM assets WHERE organization_id = $1::uuid AND warranty_expiry BETWEEN $2::date AND $3::date AND status <> 'retired'
         ORDER BY warranty_expiry, id LIMIT ${ALERTS_PER_KIND})
       UNION ALL
       (SELECT 'overdue_return', g.id::text, a.name || ' (' || a.asset_tag || ')', u.name, g.expected_return, NULL, NULL
          FROM assignments g JOIN assets a ON a.id = g.asset_id JOIN users u ON u.id = g.user_id
         WHERE g.organization_id = $1::uuid AND g.checked_in_at IS NULL AND g.expected_return < $2::date
         ORDER BY g.expected_return, g.id LIMIT ${ALERTS_PER_KIND})
       UNION ALL
       (SELECT 'license_expiring', id::text, name, NULL, expiry_date, NULL, NULL
          FROM licenses WHERE organization_id = $1::uuid AND expiry_date BETWEEN $2::date AND $3::date
         ORDER BY expiry_date, id LIMIT ${ALERTS_PER_KIND})
       UNION ALL
       (SELECT 'license_over_assigned', l.id::text, l.name, NULL, NULL, s.used, l.seats_purchased
          FROM licenses l
          JOIN (SELECT license_id, count(*)::int AS used FROM license_seats
                 WHERE organization_id = $1::uuid AND released_at IS NULL GROUP BY license_id) s ON s.license_id = l.id
         WHERE l.organization_id = $1::uuid AND s.used > l.seats_purchased
         ORDER BY l.name, l.id LIMIT ${ALERTS_PER_KIND})`,
      organizationId, day, horizon,
    ),
  ]);

  const byStatus = new Map(STATUSES.map((status) => [status, 0]));
  const byCategory = new Map<string | null, { category: string | null; count: number; totalValue: Prisma.Decimal }>();
  let totalAssets = 0;
  let totalValue = new Prisma.Decimal(0);
  for (const group of groups) {
    const status = group.status.replace('-', '_');
    byStatus.set(status, (byStatus.get(status) ?? 0) + group.count);
    const category = byCategory.get(group.category) ?? { category: group.category, count: 0, totalValue: new Prisma.Decimal(0) };
    category.count += group.count;
    category.totalValue = category.totalValue.plus(decimal(group.value));
    byCategory.set(group.category, category);
    totalAssets += group.count;
    totalValue = totalValue.plus(decimal(group.value));
  }
  let bookValue = new Prisma.Decimal(0);
  for (const group of valued) {
    const rule = group.method ? { method: group.method, usefulLifeYears: group.life!, salvagePercent: decimal(group.salvage) } : ORGANIZATION_DEFAULT;
    const result = depreciate(decimal(group.value), new Date(group.purchase_date), today, rule);
    if (result) bookValue = bookValue.plus(result.bookValue.mul(group.count));
  }
  const [count] = counts;
  return {
    asOf: today,
    totalAssets,
    assetsByStatus: [...byStatus].map(([status, n]) => ({ status, count: n })),
    assetsByCategory: [...byCategory.values()].sort((a, b) => (a.category ?? '\uffff').localeCompare(b.category ?? '\uffff')),
    totalValue,
    bookValue,
    activeAssignments: count.active,
    overdueAssignments: count.overdue,
    licenseSeatsUsed: count.seats_used,
    licenseSeatsTotal: count.seats_total,
    alerts: alerts.map(alertOf),
  };
}

function alertOf(row: { kind: AlertKind; entity_id: string; label: string; holder: string | null; due: Date | null; used: number | null; purchased: number | null }): DashboardAlert {
  const due = row.due ? new Date(row.due) : null;
  const on = due ? isoDay(due) : '';
  switch (row.kind) {
    case 'warranty_expiring':
      return { kind: row.kind, entityType: 'Asset', entityId: row.entity_id, dueDate: due, message: `Warranty of ${row.label} expires on ${on}` };
    case 'overdue_return':
      return { kind: row.kind, entityType: 'Assignment', entityId: row.entity_id, dueDate: due, message: `${row.label} held by ${row.holder} was due back on ${on}` };
    case 'license_expiring':
      return { kind: row.kind, entityType: 'License', entityId: row.entity_id, dueDate: due, message: `Licence ${row.label} expires on ${on}` };
    case 'license_over_assigned':
      return { kind: row.kind, entityType: 'License', entityId: row.entity_id, dueDate: null, message: `Licence ${row.label} has ${row.used} seats assigned but ${row.purchased} purchased` };
  }
}
