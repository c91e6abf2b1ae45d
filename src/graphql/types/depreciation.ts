// Depreciation: per-category settings, Asset.bookValue(asOf) and the depreciation report. The
// arithmetic and the report live in src/domain/depreciation*.ts.
import * as depreciation from '../../domain/depreciation.js';
import { depreciate } from '../../domain/depreciation-math.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { domainOf, type Context } from '../context.js';

const DepreciationMethod = builder.enumType('DepreciationMethod', {
  description: 'How an asset loses value over its useful life.',
  values: {
    STRAIGHT_LINE: { value: 'straight_line', description: '(cost − salvage) spread evenly over the useful life, month by month.' },
    DECLINING_BALANCE: {
      value: 'declining_balance',
      description: 'Double declining balance: 2 / life of the book value a year (pro rata by month), never below salvage; at salvage once the life has passed.',
    },
  } as const,
});

builder.prismaObject('DepreciationSetting', {
  select: { id: true },
  description: 'How assets of one category depreciate. Categories without settings use the organization default: straight-line, 3 years, no salvage.',
  fields: (t) => ({
    category: t.exposeString('category', { description: 'Matches Asset.category exactly.' }),
    method: t.expose('method', { type: DepreciationMethod, description: 'The depreciation method.' }),
    usefulLifeYears: t.exposeInt('usefulLifeYears', { description: 'Useful life in years.' }),
    salvagePercent: t.field({
      type: 'Decimal', select: { salvagePercent: true }, description: 'Salvage value as a percentage of the cost.',
      resolve: (setting) => setting.salvagePercent.toFixed(2),
    }),
  }),
});

// One read of the organization's settings per request, whatever the number of assets asking.
const rulesOfRequest = new WeakMap<Context, ReturnType<typeof depreciation.depreciationRules>>();
const rulesFor = (ctx: Context) => {
  let rules = rulesOfRequest.get(ctx);
  if (!rules) rulesOfRequest.set(ctx, (rules = depreciation.depreciationRules(ctx.prisma)));
  return rules;
};

builder.prismaObjectField('Asset', 'bookValue', (t) =>
  t.field({
    type: 'Decimal',
    nullable: true,
    description: "The asset's value after depreciation at asOf (default today), by its category's settings. Null without a price or purchase date, or before the purchase.",
    args: { asOf: t.arg({ type: 'Date', description: 'The date to value the asset at. Default: today (UTC).' }) },
    select: { value: true, purchaseDate: true, category: true },
    resolve: async (asset, { asOf }, ctx) => {
      if (asset.value == null || asset.purchaseDate == null) return null;
      const rule = depreciation.ruleFor(await rulesFor(ctx), asset.category);
      return depreciate(asset.value, asset.purchaseDate, asOf ?? new Date(), rule)?.bookValue.toFixed(2) ?? null;
    },
  }),
);

const money = (description: string) => ({ type: 'Decimal' as const, description });

const DepreciationRow = builder.objectRef<depreciation.ReportRow>('DepreciationReportRow').implement({
  description: 'One asset in a depreciation report.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', description: 'The asset id.', resolve: (row) => row.assetId }),
    assetTag: t.exposeString('assetTag', { description: 'The asset tag.' }),
    name: t.exposeString('name', { description: 'The asset name.' }),
    category: t.exposeString('category', { nullable: true, description: 'The asset category.' }),
    purchaseDate: t.field({ type: 'Date', description: 'When it was bought.', resolve: (row) => row.purchaseDate }),
    method: t.field({ type: DepreciationMethod, description: 'The method applied.', resolve: (row) => row.method }),
    usefulLifeYears: t.exposeInt('usefulLifeYears', { description: 'The useful life applied.' }),
    cost: t.field({ ...money('Purchase price.'), resolve: (row) => row.cost.toFixed(2) }),
    salvageValue: t.field({ ...money('Value at the end of the useful life.'), resolve: (row) => row.salvageValue.toFixed(2) }),
    accumulatedDepreciation: t.field({ ...money('Depreciation up to asOf.'), resolve: (row) => row.accumulatedDepreciation.toFixed(2) }),
    bookValue: t.field({ ...money('cost − accumulatedDepreciation.'), resolve: (row) => row.bookValue.toFixed(2) }),
  }),
});

const DepreciationTotal = builder.objectRef<depreciation.ReportTotal>('DepreciationTotal').implement({
  description: 'Sums over the assets of a category (or of the whole report).',
  fields: (t) => ({
    category: t.exposeString('category', { nullable: true, description: 'The category; null for assets without one, and for the grand total.' }),
    assetCount: t.exposeInt('assetCount', { description: 'Assets counted.' }),
    cost: t.field({ ...money('Sum of purchase prices.'), resolve: (total) => total.cost.toFixed(2) }),
    accumulatedDepreciation: t.field({ ...money('Sum of accumulated depreciation.'), resolve: (total) => total.accumulatedDepreciation.toFixed(2) }),
    bookValue: t.field({ ...money('Sum of book values.'), resolve: (total) => total.bookValue.toFixed(2) }),
  }),
});

const DepreciationReport = builder.objectRef<depreciation.DepreciationReport>('DepreciationReport').implement({
  description: 'Depreciation of every asset with a price and a purchase date on or before asOf, for tax and compliance.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'The valuation date.', resolve: (report) => report.asOf }),
    rows: t.field({ type: [DepreciationRow], description: 'One row per asset, by category then asset tag.', resolve: (report) => report.rows }),
    categories: t.field({ type: [DepreciationTotal], description: 'Totals by category (assets without one last).', resolve: (report) => report.categories }),
    totals: t.field({ type: DepreciationTotal, description: 'Totals over the whole report.', resolve: (report) => report.totals }),
  }),
});

builder.queryFields((t) => ({
  depreciationSettings: t.prismaField({
    type: ['DepreciationSetting'],
    description: 'Depreciation settings by category (categories not listed use the default: straight-line, 3 years, no salvage).',
    authScopes: { read: true },
    resolve: (query, _root, _args, ctx) => ctx.prisma.depreciationSetting.findMany({ ...query, orderBy: { category: 'asc' } }),
  }),
  depreciationReport: t.field({
    type: DepreciationReport,
    nullable: true,
    description: 'Cost, accumulated depreciation and book value of each asset at asOf, with totals by category. Two SQL statements.',
    authScopes: { read: true },
    args: {
      asOf: t.arg({ type: 'Date', required: true, description: 'The valuation date.' }),
      category: t.arg.string({ description: 'Only assets of this category (exact match).' }),
      locationId: t.arg({ type: 'UUID', description: 'Only assets at this location.' }),
    },
    resolve: (_root, { asOf, category, locationId }, ctx) => depreciation.depreciationReport(ctx.prisma, asOf, { category, locationId }),
  }),
}));

const SetDepreciationSettingInput = builder.inputType('SetDepreciationSettingInput', {
  description: "A category's depreciation settings (replacing any it had).",
  fields: (t) => ({
    category: t.string({ required: true, description: 'The asset category (exact match).' }),
    method: t.field({ type: DepreciationMethod, required: true, description: 'The method.' }),
    usefulLifeYears: t.int({ required: true, description: 'Useful life, 1 to 100 years.' }),
    salvagePercent: t.field({ type: 'Decimal', description: 'Salvage value as a percentage of the cost, 0 to 100. Default 0.' }),
  }),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  setDepreciationSetting: t.prismaField({
    type: 'DepreciationSetting',
    nullable: true,
    description: 'Creates or replaces the depreciation settings of a category (audited).',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: SetDepreciationSettingInput, required: true, description: 'The settings.' }) },
    resolve: async (query, _root, { input }, ctx) => {
      const setting = await depreciation.setDepreciationSetting(domainOf(ctx), input);
      return ctx.prisma.depreciationSetting.findUniqueOrThrow({ ...query, where: { id: setting.id } } as Prisma.DepreciationSettingFindUniqueOrThrowArgs);
    },
  }),
  deleteDepreciationSetting: t.prismaField({
    type: 'DepreciationSetting',
    nullable: true,
    description: "Removes a category's settings (its assets use the organization default again); returns what was removed.",
    authScopes: ADMIN_WRITE,
    args: { category: t.arg.string({ required: true, description: 'The category.' }) },
    resolve: (_query, _root, { category }, ctx) => depreciation.deleteDepreciationSetting(domainOf(ctx), category),
  }),
}));
