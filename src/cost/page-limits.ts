// The page limits of every connection, in one place: connections refuse a page outside them
// (src/graphql/types/common.ts) and the static cost prices a page by them (query-cost.ts).
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** What is wrong with a `first`/`last` value, or null when it is within 0..max. */
export function pageSizeProblem(name: string, value: number | null | undefined, max = MAX_PAGE_SIZE): string | null {
  if (value == null || (value >= 0 && value <= max)) return null;
  return `${name} must be between 0 and ${max}, got ${value}`;
}
