// AssetNode's GET /api/reports/depreciation (seed 001): the depreciation report for tax and
// compliance, as JSON or (format=csv, or Accept: text/csv) as CSV with a header row; and
// GET /api/dashboard, the KPI overview.
import * as op from '../generated/operations.js';
import type { AssetNodeDashboardQuery, AssetNodeDepreciationReportQuery } from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { restSpelling } from '../spellings.js';
import { assetNode } from './adapter.js';
import { dashboardSchema, depreciationReportSchema } from './schemas.js';

const method = restSpelling(assetNode.values.depreciationMethod);
const assetStatus = restSpelling(assetNode.values.assetStatus);
const alertKind = restSpelling(assetNode.values.alertKind);
const amount = (decimal: string) => assetNode.money.fromGraphQL(decimal);

type Report = NonNullable<AssetNodeDepreciationReportQuery['depreciationReport']>;
type Total = Report['totals'];

const totalBody = (total: Total) => ({
  category: total.category, asset_count: total.assetCount, cost: amount(total.cost),
  accumulated_depreciation: amount(total.accumulatedDepreciation), book_value: amount(total.bookValue),
});

function reportBody(report: Report) {
  return {
    as_of: report.asOf,
    assets: report.rows.map((row) => ({
      _id: row.assetId, asset_tag: row.assetTag, name: row.name, category: row.category, purchase_date: row.purchaseDate,
      method: method[row.method], useful_life_years: row.usefulLifeYears, cost: amount(row.cost), salvage_value: amount(row.salvageValue),
      accumulated_depreciation: amount(row.accumulatedDepreciation), book_value: amount(row.bookValue),
    })),
    by_category: report.categories.map(totalBody),
    totals: totalBody(report.totals),
  };
}

const CSV_COLUMNS = [
  '_id', 'asset_tag', 'name', 'category', 'purchase_date', 'method', 'useful_life_years', 'cost', 'salvage_value', 'accumulated_depreciation', 'book_value',
] as const;

/** RFC 4180: quoted when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run it. */
function csvCell(value: unknown): string {
  let text = value == null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function reportCsv(report: Report): string {
  const rows = reportBody(report).assets.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

function dashboardBody(board: NonNullable<AssetNodeDashboardQuery['dashboard']>) {
  return {
    as_of: board.asOf,
    assets: {
      total: board.totalAssets,
      by_status: Object.fromEntries(board.assetsByStatus.map((row) => [assetStatus[row.status], row.count])),
      by_category: board.assetsByCategory.map((row) => ({ category: row.category, count: row.count, total_value: amount(row.totalValue) })),
      total_value: amount(board.totalValue),
      book_value: amount(board.bookValue),
    },
    assignments: { active: board.activeAssignments, overdue: board.overdueAssignments },
    licenses: { seats_used: board.licenseSeatsUsed, seats_total: board.licenseSeatsTotal },
    alerts: board.alerts.map((alert) => ({
      kind: alertKind[alert.kind], entity_type: alert.entityType, entity_id: alert.entityId, message: alert.message, due_date: alert.dueDate,
    })),
  };
}

export const assetNodeReports = routeTable('reports', [
  defineRoute(assetNode, {
    method: 'GET', path: '/api/dashboard', summary: 'KPI overview: assets, value, assignments, licence seats and alerts', access: 'read',
    operation: op.AssetNodeDashboardDocument,
    variables: () => ({}),
    respond: (data) => ({ body: dashboardBody(found(data.dashboard, 'Dashboard')) }),
    success: { status: 200, description: 'The dashboard, as of today (UTC).', schema: dashboardSchema },
  }),
  defineRoute(assetNode, {
    method: 'GET', path: '/api/reports/depreciation', summary: 'Depreciation report for tax and compliance (JSON or CSV)', access: 'read',
    operation: op.AssetNodeDepreciationReportDocument,
    query: {
      as_of: { type: 'date', required: true, description: 'The valuation date, YYYY-MM-DD.' },
      category: { type: 'string', description: 'Only this category (exact match).' },
      location_id: { type: 'uuid', description: 'Only assets at this location.' },
      format: { type: 'string', enum: { json: 'json', csv: 'csv' }, description: 'csv: one row per asset with a header row (also chosen by Accept: text/csv). Default: json.' },
    },
    variables: ({ query }) => ({ asOf: query.as_of, category: query.category, locationId: query.location_id }),
    respond: (data, { query, headers }) => {
      const report = found(data.depreciationReport, 'Report');
      const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/i.test(headers.get('accept') ?? ''));
      if (!csv) return { body: reportBody(report) };
      return {
        body: reportCsv(report), contentType: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="depreciation-${report.asOf}.csv"` },
      };
    },
    success: {
      status: 200, description: 'Per asset: cost, accumulated depreciation and book value at as_of; totals by category and overall.',
      schema: depreciationReportSchema, alternatives: { 'text/csv': { type: 'string', description: `Columns: ${CSV_COLUMNS.join(', ')}.` } },
    },
  }),
]);
