// What a workflow runs with: the tenant-scoped client, who acts, and the field cipher. GraphQL
// resolvers build it from their context; nothing here knows which API style called.
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Actor } from '../request/actor.js';

export interface DomainContext {
  /** Scoped to the actor's organization (src/db/tenant-scope.ts). */
  prisma: PrismaClient;
  actor: Actor;
  cipher: FieldCipher;
}

/** What the caller wants back of a written row (Pothos' `query`): spread into the final write. */
export interface Selection<Select, Include> {
  select?: Select;
  include?: Include;
}

/**
 * The selection of a written row: every column of the model (the audit diff and webhook payloads
 * describe the whole row), plus the relations and columns the caller asked for.
 */
export function withAllColumns<S extends Selection<object, object>>(selection: S, columns: Record<string, string>): S {
  if (!selection.select) return selection;
  const all = Object.fromEntries(Object.values(columns).map((column) => [column, true]));
  return { ...selection, select: { ...all, ...selection.select } };
}
