// Input rules shared by the domain types; each failure names the field it is about.
import { badInput } from '../errors.js';

export const MAX_NAME = 200;
export const MAX_TEXT = 500;
export const MAX_NOTES = 10_000;

/** Trims; refuses blank when required and anything over `max` characters. null/undefined pass through. */
export function text<T extends string | null | undefined>(
  field: string, value: T, { max = MAX_TEXT, required = false } = {},
): T {
  if (value == null) {
    if (required && value === null) throw badInput(field, `${field} cannot be null`);
    return value;
  }
  const trimmed = value.trim();
  if (required && trimmed === '') throw badInput(field, `${field} cannot be blank`);
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed as T;
}

export function notBefore(field: string, value: Date | null | undefined, earliest: Date | null | undefined, what: string) {
  if (value && earliest && value.getTime() < earliest.getTime()) {
    throw badInput(field, `${field} cannot be before ${what}`);
  }
}

/** Keys of `input` whose value is present (null counts: it clears the field). */
export function provided<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The start of today in UTC, for comparing Date-only values. */
export function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
