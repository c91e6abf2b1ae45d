// Depreciation: per-category settings (audited), each asset's book value, and the report — every
// asset with a price and a purchase date, per asset and totalled by category. A category without
// settings uses the organization default (depreciation-math.ts). Two statements whatever the size.
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { auditedTransaction } from '../audit/audited-transaction.js';
import { badInput, notFound } from '../errors.js';
import type { DomainContext } from './context.js';
import { depreciate, ORGANIZATION_DEFAULT, type DepreciationMethod, type DepreciationRule } from './depreciation-math.js';
import { text } from './validate.js';

export interface DepreciationSettingInput {
  category: string;
  method: DepreciationMethod;
  usefulLifeYears: number;
  salvagePercent?: string | null;
}

/** The organization's rules by category (the client is tenant-scoped). */
export async function depreciationRules(prisma: PrismaClient): Promise<Map<string, DepreciationRule>> {
  const settings = await prisma.depreciationSetting.findMany({ select: { category: true, method: true, usefulLifeYears: true, salvagePercent: true } });
  return new Map(settings.map((setting) => [setting.category, setting]));
}

export const ruleFor = (rules: Map<string, DepreciationRule>, category: string | null) => (category != null && rules.get(category)) || ORGANIZATION_DEFAULT;

/** Creates or replaces the settings of one category. */
export function setDepreciationSetting(domain: DomainContext, input: DepreciationSettingInput) {
  const category = text('category', input.category, { required: true }) as string;
  if (!Number.isInteger(input.usefulLifeYears) || input.usefulLifeYears < 1 || input.usefulLifeYears > 100) {
    throw badInput('usefulLifeYears', 'usefulLifeYears must be an integer from 1 to 100');
  }
  const salvagePercent = new Prisma.Decimal(input.salvagePercent ?? 0);
  if (salvagePercent.gt(100)) throw badInput('salvagePercent', 'salvagePercent must be from 0 to 100');
  const data = { method: input.method, usefulLifeYears: input.usefulLifeYears, salvagePercent };
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await tx.depreciationSetting.findFirst({ where: { category } });
    const after = before
      ? await tx.depreciationSetting.update({ where: { id: before.id }, data })
      : await tx.depreciationSetting.create({ data: { ...data, category, organizationId: domain.actor.organizationId } });
    await audit({ action: before ? 'depreciation_setting.updated' : 'depreciation_setting.created', entityType: 'DepreciationSetting', entityId: after.id, before, after });
    return after;
  });
}

/** Removes a category's settings: its assets fall back to the organization default. */
export function deleteDepreciationSetting(domain: DomainContext, category: string) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await tx.depreciationSetting.findFirst({ where: { category } });
    if (!before) throw notFound('Depreciation setting');
    await tx.depreciationSetting.delete({ where: { id: before.id } });
    await audit({ action: 'depreciation_setting.deleted', entityType: 'DepreciationSetting', entityId: before.id, before, after: null });
    return before;
  });
}

export interface ReportRow {
  assetId: string;
  assetTag: string;
  name: string;
  category: string | null;
  purchaseDate: Date;
  method: DepreciationMethod;
  usefulLifeYears: number;
  cost: Prisma.Decimal;
  salvageValue: Prisma.Decimal;
  accumulatedDepreciation: Prisma.Decimal;
  bookValue: Prisma.Decimal;
}

export interface ReportTotal {
  category: string | null;
  assetCount: number;
  cost: Prisma.Decimal;
  accumulatedDepreciation: Prisma.Decimal;
  bookValue: Prisma.Decimal;
}

export interface DepreciationReport {
  asOf: Date;
  rows: ReportRow[];
  categories: ReportTotal[];
  totals: ReportTotal;
}

const zeroTotal = (category: string | null): ReportTotal => ({
  category, assetCount: 0, cost: new Prisma.Decimal(0), accumulatedDepreciation: new Prisma.Decimal(0), bookValue: new Prisma.Decimal(0),
});

function add(total: ReportTotal, row: ReportRow) {
  total.assetCount += 1;
  total.cost = total.cost.plus(row.cost);
  total.accumulatedDepreciation = total.accumulatedDepreciation.plus(row.accumulatedDepreciation);
  total.bookValue = total.bookValue.plus(row.bookValue);
}

/** Every asset with a price bought on or before `asOf` (by category, then tag), and totals by category. */
export async function depreciationReport(
  prisma: PrismaClient, asOf: Date, filter: { category?: string | null; locationId?: string | null } = {},
): Promise<DepreciationReport> {
  const [rules, assets] = await Promise.all([
    depreciationRules(prisma),
    prisma.asset.findMany({
      where: {
        value: { not: null }, purchaseDate: { not: null, lte: asOf },
        ...(filter.category != null && { category: filter.category }), ...(filter.locationId != null && { locationId: filter.locationId }),
      },
      select: { id: true, assetTag: true, name: true, category: true, value: true, purchaseDate: true },
      orderBy: [{ category: { sort: 'asc', nulls: 'last' } }, { assetTag: 'asc' }],
    }),
  ]);
  const rows: ReportRow[] = [];
  for (const asset of assets) {
    const rule = ruleFor(rules, asset.category);
    const result = depreciate(asset.value!, asset.purchaseDate!, asOf, rule)!;
    rows.push({
      assetId: asset.id, assetTag: asset.assetTag, name: asset.name, category: asset.category, purchaseDate: asset.purchaseDate!,
      method: rule.method, usefulLifeYears: rule.usefulLifeYears, cost: result.cost, salvageValue: result.salvageValue,
      accumulatedDepreciation: result.accumulated, bookValue: result.bookValue,
    });
  }
  const byCategory = new Map<string | null, ReportTotal>();
  const totals = zeroTotal(null);
  for (const row of rows) {
    if (!byCategory.has(row.category)) byCategory.set(row.category, zeroTotal(row.category));
    add(byCategory.get(row.category)!, row);
    add(totals, row);
  }
  return { asOf, rows, categories: [...byCategory.values()], totals };
}
