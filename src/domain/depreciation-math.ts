// Depreciation arithmetic, exact (decimal.js through Prisma.Decimal, never floats). Time is counted
// in whole months since the purchase date (a month is complete on the same day of a later month).
// Straight-line: (cost − salvage) spread evenly over the useful life. Declining-balance: double
// declining, rate 2 / life a year, the book value of each year reduced pro rata by month, never
// below salvage, and at salvage once the life has passed. Results are rounded to cents (half up).
import { Prisma } from '../generated/prisma/client.js';

export type DepreciationMethod = 'straight_line' | 'declining_balance';

export interface DepreciationRule {
  method: DepreciationMethod;
  usefulLifeYears: number;
  /** Salvage value as a percentage of the cost (0–100). */
  salvagePercent: Prisma.Decimal;
}

/** What a category without settings uses. */
export const ORGANIZATION_DEFAULT: DepreciationRule = { method: 'straight_line', usefulLifeYears: 3, salvagePercent: new Prisma.Decimal(0) };

export interface Depreciated {
  cost: Prisma.Decimal;
  salvageValue: Prisma.Decimal;
  accumulated: Prisma.Decimal;
  bookValue: Prisma.Decimal;
  monthsElapsed: number;
}

const cents = (value: Prisma.Decimal) => value.toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP);

/** Whole months from `from` to `to` (dates, UTC); negative when `to` is earlier. */
export function wholeMonths(from: Date, to: Date): number {
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  return to.getUTCDate() < from.getUTCDate() ? months - 1 : months;
}

/** The asset's depreciation at `asOf`, or null when it was bought after `asOf`. */
export function depreciate(cost: Prisma.Decimal, purchaseDate: Date, asOf: Date, rule: DepreciationRule): Depreciated | null {
  if (asOf.getTime() < purchaseDate.getTime()) return null;
  const months = wholeMonths(purchaseDate, asOf);
  const lifeMonths = rule.usefulLifeYears * 12;
  const salvageValue = cents(cost.mul(rule.salvagePercent).div(100));
  let bookValue: Prisma.Decimal;
  if (months >= lifeMonths) {
    bookValue = salvageValue;
  } else if (rule.method === 'straight_line') {
    bookValue = cost.minus(cost.minus(salvageValue).mul(months).div(lifeMonths));
  } else {
    const rate = new Prisma.Decimal(2).div(rule.usefulLifeYears);
    const years = Math.floor(months / 12);
    const startOfYear = new Prisma.Decimal(1).minus(rate).pow(years).mul(cost);
    const declined = startOfYear.mul(new Prisma.Decimal(1).minus(rate.mul(months % 12).div(12)));
    bookValue = Prisma.Decimal.max(declined, salvageValue);
  }
  bookValue = cents(bookValue);
  return { cost, salvageValue, accumulated: cost.minus(bookValue), bookValue, monthsElapsed: months };
}
