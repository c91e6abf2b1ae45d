// Enum values as the database stores them (the @map spellings of prisma/schema.prisma), where they
// differ from Prisma's identifiers: what audit `changes` and webhook payloads record.
const STORED: Record<string, string> = {
  checked_out: 'checked-out', checked_in: 'checked-in', NonCompliant: 'Non-Compliant', NotReviewed: 'Not Reviewed',
};

/** The stored spelling of a Prisma enum value (other values pass through unchanged). */
export const storedEnumValue = <T>(value: T): T | string => (typeof value === 'string' ? STORED[value] ?? value : value);
