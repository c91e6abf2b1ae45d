// The dashboard query: a KPI overview of the organization (src/domain/dashboard.ts computes it
// with a fixed number of aggregate statements).
import * as dashboards from '../../domain/dashboard.js';
import { todayUtc } from '../../domain/validate.js';
import { builder } from '../builder.js';
import { AssetStatus } from './asset.js';

const StatusCount = builder.objectRef<{ status: string; count: number }>('DashboardStatusCount').implement({
  description: 'How many assets have one status.',
  fields: (t) => ({
    status: t.field({ type: AssetStatus, description: 'The status.', resolve: (row) => row.status as typeof AssetStatus.$inferType }),
    count: t.exposeInt('count', { description: 'Assets with it.' }),
  }),
});

const CategorySummary = builder.objectRef<Dashboard['assetsByCategory'][number]>('DashboardCategorySummary').implement({
  description: 'Assets of one category.',
  fields: (t) => ({
    category: t.exposeString('category', { nullable: true, description: 'The category (null: assets without one).' }),
    count: t.exposeInt('count', { description: 'Assets in it.' }),
    totalValue: t.field({ type: 'Decimal', description: 'Sum of their purchase prices.', resolve: (row) => row.totalValue.toFixed(2) }),
  }),
});

type Dashboard = dashboards.Dashboard;

const AlertKind = builder.enumType('DashboardAlertKind', {
  description: 'What needs attention.',
  values: {
    WARRANTY_EXPIRING: { value: 'warranty_expiring', description: 'An asset (not retired) whose warranty ends within 30 days.' },
    OVERDUE_RETURN: { value: 'overdue_return', description: 'An open assignment whose expected return date has passed.' },
    LICENSE_EXPIRING: { value: 'license_expiring', description: 'A licence expiring within 30 days.' },
    LICENSE_OVER_ASSIGNED: { value: 'license_over_assigned', description: 'A licence with more seats assigned than purchased.' },
  } as const,
});

const Alert = builder.objectRef<dashboards.DashboardAlert>('DashboardAlert').implement({
  description: `One alert. At most ${dashboards.ALERTS_PER_KIND} of each kind are listed, the soonest first.`,
  fields: (t) => ({
    kind: t.field({ type: AlertKind, description: 'What the alert is about.', resolve: (alert) => alert.kind }),
    entityType: t.exposeString('entityType', { description: 'Asset, Assignment or License.' }),
    entityId: t.field({ type: 'UUID', description: 'The id of that entity.', resolve: (alert) => alert.entityId }),
    message: t.exposeString('message', { description: 'A sentence for people.' }),
    dueDate: t.field({ type: 'Date', nullable: true, description: 'The expiry or expected return date (null for over-assigned licences).', resolve: (alert) => alert.dueDate }),
  }),
});

const DashboardRef = builder.objectRef<Dashboard>('Dashboard').implement({
  description: 'KPI overview of the organization: assets, value, assignments, licence seats and alerts, as of today (UTC).',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'The day the figures are for.', resolve: (board) => board.asOf }),
    totalAssets: t.exposeInt('totalAssets', { description: 'Every asset.' }),
    assetsByStatus: t.field({ type: [StatusCount], description: 'Asset counts by status (every status, zeros included).', resolve: (board) => board.assetsByStatus }),
    assetsByCategory: t.field({ type: [CategorySummary], description: 'Asset counts and value by category.', resolve: (board) => board.assetsByCategory }),
    totalValue: t.field({ type: 'Decimal', description: 'Sum of purchase prices.', resolve: (board) => board.totalValue.toFixed(2) }),
    bookValue: t.field({ type: 'Decimal', description: 'Sum of book values today (assets with a price and purchase date; see depreciationReport).', resolve: (board) => board.bookValue.toFixed(2) }),
    activeAssignments: t.exposeInt('activeAssignments', { description: 'Assets checked out now.' }),
    overdueAssignments: t.exposeInt('overdueAssignments', { description: 'Checked out past their expected return date.' }),
    licenseSeatsUsed: t.exposeInt('licenseSeatsUsed', { description: 'Licence seats assigned now.' }),
    licenseSeatsTotal: t.exposeInt('licenseSeatsTotal', { description: 'Licence seats purchased.' }),
    alerts: t.field({ type: [Alert], description: 'What needs attention, by kind.', resolve: (board) => board.alerts }),
  }),
});

builder.queryFields((t) => ({
  dashboard: t.field({
    type: DashboardRef,
    nullable: true,
    description: 'KPI overview: assets by status and category, total and book value, active and overdue assignments, licence seats and alerts. Four SQL statements.',
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => dashboards.dashboard(ctx.prisma, ctx.principal!.organizationId, todayUtc()),
  }),
}));
