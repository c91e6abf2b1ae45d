// The raw baseline of bench:http: node:http + pg, one hand-written SQL statement per request,
// answering the bench scenarios (bench/http-scenarios.ts) with the very bytes the app answers
// (GraphQL `data`; the REST body and X-Total-Count). What an ideal implementation of the same
// contract costs on the same database: the app's overhead is the distance to it.
//
// Auth: every statement does the app's key lookup itself (SHA-256 of the bearer secret, key not
// revoked, its user active and in its organization) and is scoped to that organization, so the
// baseline pays for authentication as the app does. It does not record last_used_at (the app
// writes it at most once a minute per key: nothing under load).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { FieldCipher, MASKED_NOTES, maskSerial, parseEncryptionKey } from '../src/crypto/field-cipher.js';
import { scenarioKey, type Scenario } from './http-scenarios.js';

export interface RawConfig {
  databaseUrl: string;
  encryptionKey: string;
  scenarios: Scenario[];
}

const config = JSON.parse(process.env.BENCH_RAW_CONFIG ?? 'null') as RawConfig;
if (!config) throw new Error('BENCH_RAW_CONFIG is required (bench/http.ts starts this process)');
// Dates as the API writes them (YYYY-MM-DD), not as local-time Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (text) => text);
// The app's pool size: PrismaPg uses pg's default of 10 connections.
// The app's pool settings (DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_MS defaults): a round after a quiet one meets the same pool.
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, idleTimeoutMillis: 60_000 });
const cipher = new FieldCipher(parseEncryptionKey(config.encryptionKey));

const CALLER = `caller AS (
  SELECT k.organization_id FROM api_keys k JOIN users ku ON ku.id = k.created_by_id
  WHERE k.secret_hash = $1 AND k.revoked_at IS NULL AND ku.status = 'active' AND ku.organization_id = k.organization_id)`;

const PAGE_SQL = (keyset: boolean) => `WITH ${CALLER}
  SELECT p.* FROM caller LEFT JOIN LATERAL (
    SELECT a.id, a.asset_tag, a.name, a.status, l.name AS location_name, v.name AS vendor_name, u.name AS assigned_user_name
    FROM assets a LEFT JOIN locations l ON l.id = a.location_id LEFT JOIN vendors v ON v.id = a.vendor_id
      LEFT JOIN users u ON u.id = a.assigned_user_id
    WHERE a.organization_id = caller.organization_id ${keyset ? 'AND (a.created_at, a.id) < ($2::timestamptz, $3::uuid)' : ''}
    ORDER BY a.created_at DESC, a.id DESC LIMIT 50) p ON true`;

// The total is counted once (a materialized CTE), not once per row of the page.
const REST_PAGE_SQL = `WITH ${CALLER}, counted AS MATERIALIZED (
    SELECT caller.organization_id, (SELECT count(*) FROM assets c WHERE c.organization_id = caller.organization_id)::int AS total FROM caller)
  SELECT counted.total, p.*
  FROM counted LEFT JOIN LATERAL (
    SELECT a.id, a.asset_tag, a.name, a.category, a.status, a.serial_number, a.value, a.purchase_date, a.warranty_expiry,
      a.manufacturer, a.model, a.notes, a.custom_fields, a.location_id, l.name AS location_name, a.vendor_id,
      v.name AS vendor_name, a.owner_id, o.name AS owner_name, a.assigned_user_id, u.name AS assigned_user_name,
      a.expected_return, a.created_at, a.updated_at
    FROM assets a LEFT JOIN locations l ON l.id = a.location_id LEFT JOIN vendors v ON v.id = a.vendor_id
      LEFT JOIN users o ON o.id = a.owner_id LEFT JOIN users u ON u.id = a.assigned_user_id
    WHERE a.organization_id = counted.organization_id
    ORDER BY a.created_at DESC, a.id DESC LIMIT 50) p ON true`;

const FLOOR_SQL = `WITH ${CALLER} SELECT organization_id FROM caller`;

const EVENTS_SQL = `WITH ${CALLER}
  SELECT a.id, a.asset_tag, a.name, e.action, e.created_at
  FROM caller LEFT JOIN assets a ON a.organization_id = caller.organization_id AND a.id = $2
  LEFT JOIN LATERAL (
    SELECT action, created_at FROM audit_events e
    WHERE e.organization_id = a.organization_id AND e.entity_type = 'Asset' AND e.entity_id = a.id
    ORDER BY e.sequence DESC LIMIT 10) e ON true`;

const GRAPHQL_STATUS: Record<string, string> = {
  active: 'ACTIVE', 'checked-out': 'CHECKED_OUT', 'checked-in': 'CHECKED_IN', maintenance: 'MAINTENANCE', retired: 'RETIRED',
};
const named = (name: string | null) => (name === null ? null : { name });

interface Answer { status: number; body: string; headers?: Record<string, string> }
// Named statements: each is parsed and planned once per connection, as a hand-tuned service would.
const statement = (name: string, text: string) => (values: unknown[]) => pool.query({ name, text, values });
type Handler = (secretHash: string) => Promise<Answer>;
const unauthorized: Answer = { status: 401, body: JSON.stringify({ errors: [{ message: 'invalid API key' }] }) };

function handlerFor(scenario: Scenario): Handler {
  if (scenario.kind === 'assetPage') {
    const query = statement(scenario.after ? 'page-after' : 'page', PAGE_SQL(Boolean(scenario.after)));
    const extra = scenario.after ? [scenario.after.createdAt, scenario.after.id] : [];
    return async (secretHash) => {
      const { rows } = await query([secretHash, ...extra]);
      if (!rows.length) return unauthorized;
      const edges = rows.filter((row) => row.id !== null).map((row) => ({
        node: {
          id: row.id, assetTag: row.asset_tag, name: row.name, status: GRAPHQL_STATUS[row.status],
          location: named(row.location_name), vendor: named(row.vendor_name), assignedUser: named(row.assigned_user_name),
        },
      }));
      return { status: 200, body: JSON.stringify({ data: { assets: { edges } } }) };
    };
  }
  if (scenario.kind === 'restAssetPage') {
    const query = statement('rest-page', REST_PAGE_SQL);
    return async (secretHash) => {
      const { rows } = await query([secretHash]);
      if (!rows.length) return { status: 401, body: JSON.stringify({ error: 'invalid API key' }) };
      // The app's REST asset body (rest-shim/shapes.ts assetBody), key for key.
      const body = rows.filter((row) => row.id !== null).map((row) => ({
        id: row.id, asset_tag: row.asset_tag, name: row.name, category: row.category, status: row.status,
        serial_number: row.serial_number === null ? null : maskSerial(cipher.decrypt(row.serial_number)),
        value: row.value, purchase_date: row.purchase_date, warranty_expiry: row.warranty_expiry,
        manufacturer: row.manufacturer, model: row.model, notes: row.notes === null ? null : MASKED_NOTES,
        custom_fields: row.custom_fields, location_id: row.location_id, location_name: row.location_name,
        vendor_id: row.vendor_id, vendor_name: row.vendor_name, owner_id: row.owner_id, owner_name: row.owner_name,
        assigned_user_id: row.assigned_user_id, assigned_user_name: row.assigned_user_name, expected_return: row.expected_return,
        created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
      }));
      return { status: 200, body: JSON.stringify(body), headers: { 'X-Total-Count': String(rows[0].total) } };
    };
  }
  if (scenario.kind === 'floor') {
    const query = statement('floor', FLOOR_SQL);
    const body = JSON.stringify({ data: { __typename: 'Query' } });
    return async (secretHash) => ((await query([secretHash])).rows.length ? { status: 200, body } : unauthorized);
  }
  const query = statement('asset-events', EVENTS_SQL);
  return async (secretHash) => {
    const { rows } = await query([secretHash, scenario.assetId]);
    if (!rows.length) return unauthorized;
    const [first] = rows;
    const asset = first.id === null ? null : {
      id: first.id, assetTag: first.asset_tag, name: first.name,
      auditEvents: { edges: rows.filter((row) => row.action !== null).map((row) => ({ node: { action: row.action, createdAt: row.created_at.toISOString() } })) },
    };
    return { status: 200, body: JSON.stringify({ data: { asset } }) };
  };
}

const handlers = new Map(config.scenarios.map((scenario) => [scenarioKey(scenario.method, scenario.path, scenario.body), handlerFor(scenario)]));

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
}

function send(response: ServerResponse, { status, body, headers = {} }: Answer) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

const server = createServer(async (request, response) => {
  try {
    const body = await readBody(request);
    const handler = handlers.get(scenarioKey(request.method ?? 'GET', request.url ?? '/', body));
    if (!handler) return send(response, { status: 404, body: JSON.stringify({ error: 'not a bench scenario' }) });
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer) return send(response, unauthorized);
    send(response, await handler(createHash('sha256').update(bearer).digest('hex')));
  } catch (error) {
    console.error('[raw] request failed', error);
    send(response, { status: 500, body: JSON.stringify({ error: 'internal error' }) });
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`raw baseline listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeIdleConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
