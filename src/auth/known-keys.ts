// API keys this process has found valid, so a request need not look its key up before it runs: its
// principal is provisional until a statement of the same request reads the key's state unchanged
// (a compiled read reads it in its own statement; anything else reads it before its resolvers run,
// or before a refusal is sent; yoga/use-credential-confirmation.ts). A changed state — revoked,
// user deactivated, plan or budget edited, on any instance — drops the entry and the operation runs
// again on the credential as stored now. Revocation still takes effect on the next request.
import type { Database } from '../db/database.js';
import { preparedStatement } from '../db/prepared-statements.js';
import type { Principal } from '../request/principal.js';
import { API_KEY_PATTERN, hashSecret } from './api-keys.js';

/** Changes once a minute without changing what a key may do: not part of its state. */
export const LAST_USED_RESOLUTION_MS = 60_000;

// What every decision about a request reads from its key, the key's user and organization, as ONE
// JSON text column: the driver parses a row description and builds a parser per column for every
// result, which for this many columns cost more than parsing the text (JSON keeps the types).
const KEY_STATE = `json_build_array(k.id, k.organization_id, k.prefix, k.scopes, k.revoked_at IS NOT NULL,
    k.budget_capacity, k.budget_restore_rate, k.budget_floor, k.trusted_documents_only,
    u.id, u.role, u.status, u.organization_id, o.plan, o.trusted_documents_only)::text`;
const KEY_ROWS = 'FROM api_keys k JOIN organizations o ON o.id = k.organization_id LEFT JOIN users u ON u.id = k.created_by_id';

/** The key by its secret's hash ($1): its state, and its hash and last use (epoch ms) as a JSON array. */
export const API_KEY_SQL = preparedStatement('credential_api_key', `SELECT ${KEY_STATE},
    json_build_array(k.secret_hash, (date_part('epoch', k.last_used_at) * 1000)::float8)::text
  ${KEY_ROWS} WHERE k.secret_hash = $1`);

const KEY_STATE_SQL = preparedStatement('credential_key_state', `SELECT ${KEY_STATE} ${KEY_ROWS} WHERE k.secret_hash = $1`);

/**
 * A scalar subquery reading the key's state for a statement's select list: NULL when the key is gone
 * or no longer the organization's the statement reads for.
 */
export function keyStateColumn(hashParameter: string, organizationParameter: string): string {
  return `(SELECT ${KEY_STATE} ${KEY_ROWS} WHERE k.secret_hash = ${hashParameter} AND k.organization_id = ${organizationParameter})`;
}

const withKeyState = new Map<string, string>();
const WITH_KEY_STATE_TEXTS = 256;

/** A statement of one row: `SELECT ${columns}${rest}` is its text (`rest`: its FROM…, or nothing). */
export interface OneRowStatement { sql: string; columns: string; rest: string }

/**
 * `statement` (`parameters` $1…$n, $1 the organization) with the key's state as one more (last)
 * column, its hash the next parameter. The same text for the same statement (kept for the first
 * texts seen): building it is a copy of the statement, and a new string is hashed again on every lookup.
 */
export function statementWithKeyState(statement: OneRowStatement, parameters: number): string {
  let text = withKeyState.get(statement.sql);
  if (text === undefined) {
    text = `SELECT ${statement.columns}, ${keyStateColumn(`$${parameters + 1}`, '$1')}${statement.rest}`;
    if (withKeyState.size < WITH_KEY_STATE_TEXTS) withKeyState.set(statement.sql, text);
  }
  return text;
}

/** The API key's secret in an Authorization header, or null when it carries none. */
export function apiKeySecretOf(authorization: string): string | null {
  const match = /^Bearer\s+(sk_\S+)$/i.exec(authorization.trim());
  return match ? match[1] : null;
}

interface KnownKey { state: string; principal: Principal; lastUsedMs: number }

export class KnownKeys {
  // Insertion order is age: the oldest entry goes first when full.
  private readonly entries = new Map<string, KnownKey>();
  constructor(private readonly capacity = 10_000) {}

  /** A key just resolved from the database as valid, with the state text it was resolved from. */
  remember(secretHash: string, state: string, principal: Principal, lastUsedMs: number): void {
    this.entries.delete(secretHash);
    this.entries.set(secretHash, { state, principal, lastUsedMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(secretHash: string, state: string): void {
    if (this.entries.get(secretHash)?.state === state) this.entries.delete(secretHash);
  }

  /**
   * The provisional principal of a known key in `authorization`; null for any other credential, an
   * unknown key, or one whose last use is due to be recorded (resolving it records it).
   */
  provisional(db: Pick<Database, 'queryText'>, authorization: string | null): { principal: Principal; credential: ProvisionalCredential } | null {
    if (!authorization || !this.entries.size) return null;
    const secret = apiKeySecretOf(authorization);
    if (!secret || !API_KEY_PATTERN.test(secret)) return null;
    const secretHash = hashSecret(secret);
    const entry = this.entries.get(secretHash);
    if (!entry || Date.now() - entry.lastUsedMs > LAST_USED_RESOLUTION_MS) return null;
    return { principal: entry.principal, credential: new ProvisionalCredential(db, this, secretHash, entry.state) };
  }
}

/** A request's known key until a statement of the request has read its state. */
export class ProvisionalCredential {
  status: 'provisional' | 'confirmed' | 'changed' = 'provisional';
  constructor(private readonly db: Pick<Database, 'queryText'>, private readonly known: KnownKeys, readonly secretHash: string, private readonly state: string) {}

  /** The key's state as a statement of this request read it: whether the principal holds. */
  settle(state: string | null | undefined): boolean {
    if (state === this.state) {
      this.status = 'confirmed';
      return true;
    }
    this.status = 'changed';
    this.known.forget(this.secretHash, this.state);
    return false;
  }

  /** Reads the key's state on its own (the request runs no compiled read). */
  async confirm(): Promise<boolean> {
    const [row] = await this.db.queryText(KEY_STATE_SQL, [this.secretHash]);
    return this.settle(row?.[0]);
  }
}
