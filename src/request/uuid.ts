// A UUID as a request may carry it (path ids, node ids, cursors, token claims, CLI flags): checked
// before it reaches a uuid column, so a malformed one is a 4xx of ours, not PostgreSQL's error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its canonical 8-4-4-4-12 hex form (either case). */
export const isUuid = (value: string): boolean => UUID.test(value);
