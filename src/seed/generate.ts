// generate(db, options): realistic generated organizations, written in bulk. Each organization
// is bootstrapped as an operator would (an admin, a write key and a read key, audited), then gets
// users, locations, vendors, assets with checkout histories and their audit events, keeping the
// app's invariants (tags unique per org and the tag counter past them, asset status and assignee
// matching the open assignment, lower-case unique emails, events in time order).
import { bootstrapOrganization } from '../auth/key-admin.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database } from '../db/database.js';
import type { Plan } from '../generated/prisma/client.js';
import { DAY, planAsset, planHistory, planOrganization, type OrgPlan } from './plan.js';
import { ProgressCounter, type ProgressListener } from './progress.js';
import { assetRow, assignmentRows, COLUMNS, EventKind, eventRow, locationRows, userRows, vendorRows, type Row, type Table } from './rows.js';
import { planTimeline, type Timeline } from './timeline.js';
import { dropForLoad, type Rebuild, type RebuildTimes } from './rebuild.js';
import { copyWriter, jsonWriter, type RowWriter } from './writers.js';

export interface GenerateOptions {
  /** Assets in all, shared evenly by the organizations. */
  assets: number;
  orgs?: number;
  /** Same seed (and asOf), same data. */
  seed?: number;
  /** Encrypts serial numbers and notes: the key the app will run with. */
  cipher: FieldCipher;
  /** End of the generated history; default: today 00:00 UTC. */
  asOf?: Date;
  /** Add organizations to a database that has some already. */
  append?: boolean;
  /** PostgreSQL URL of `db`: rows go in by COPY on a connection of their own (else through Prisma). */
  databaseUrl?: string;
  /** Every organization's plan; default: the first enterprise, then business, growth, enterprise… */
  plan?: Plan;
  /** Locations per organization (default 50). */
  locations?: number;
  /** The first organization's name and e-mail domain (default: generated ones). */
  first?: { name: string; domain: string };
  /** Drop keys, indexes and foreign keys while loading, rebuild each table's as it is written; default: COPY of 20,000+ assets. */
  rebuildIndexes?: boolean;
  onProgress?: ProgressListener;
  /** Stops between batches; indexes and foreign keys are restored before generate rejects. */
  signal?: AbortSignal;
}

export interface SeededOrganization {
  organizationId: string; name: string; plan: Plan; adminEmail: string; adminUserId: string; writeKey: string; readKey: string;
  assets: number; users: number;
}

export interface GenerateResult {
  seed: number;
  asOf: string;
  writer: 'copy' | 'json';
  organizations: SeededOrganization[];
  rows: Record<Table, number>;
  totalRows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Where the time went: writing the rows, the rebuild still left after them (0 when none), the final ANALYZE/VACUUM (0 after a rebuild, which vacuums each table). */
  phases: { loadSeconds: number; indexSeconds: number; analyzeSeconds: number };
  /** Rows per second of the load phase alone (the bulk inserts). */
  loadRowsPerSecond: number;
  /** When keys and indexes were rebuilt: the time spent on each kind of work, most of it during the load. */
  rebuild?: RebuildTimes;
}

export class SeedRefusedError extends Error {}

const PLANS: readonly Plan[] = ['business', 'growth', 'enterprise'];

export async function generate(db: Database, options: GenerateOptions): Promise<GenerateResult> {
  const { assets, orgs = 1, seed = 1, cipher } = options;
  if (!Number.isInteger(assets) || assets < 0) throw new RangeError(`assets must be a whole number ≥ 0, got ${assets}`);
  if (!Number.isInteger(orgs) || orgs < 1) throw new RangeError(`orgs must be a whole number ≥ 1, got ${orgs}`);
  const asOf = options.asOf ?? new Date(Math.floor(Date.now() / DAY) * DAY);
  const existing = await db.prisma.organization.count();
  if (existing && !options.append) {
    throw new SeedRefusedError(`the database already has ${existing} organization(s); pass --append (append: true) to add more`);
  }
  const started = Date.now();
  const writer = options.databaseUrl ? await copyWriter(options.databaseUrl) : jsonWriter(db.prisma);
  let builder: RowWriter | null = null;
  try {
    const organizations: SeededOrganization[] = [];
    const plans: OrgPlan[] = [];
    for (let k = 0; k < orgs; k++) {
      const ordinal = existing + k;
      const share = Math.floor(assets / orgs) + (k < assets % orgs ? 1 : 0);
      const plan = options.plan ?? (ordinal === 0 ? 'enterprise' : PLANS[ordinal % PLANS.length]);
      const draft = planOrganization({
        seed, ordinal, organizationId: '', assets: share, asOf: asOf.getTime(), locationCount: options.locations, ...(k === 0 && options.first),
      });
      const adminEmail = `admin@${draft.domain}`;
      const tenant = await bootstrapOrganization(db.prisma, { org: draft.name, email: adminEmail, name: 'IT Administrator', plan });
      plans.push({ ...draft, organizationId: tenant.organizationId });
      organizations.push({
        organizationId: tenant.organizationId, name: draft.name, plan, adminEmail, adminUserId: tenant.userId, writeKey: tenant.writeKey, readKey: tenant.readKey,
        assets: share, users: draft.users.length + 1,
      });
    }

    // Every history first (they are cheap): exact totals for the progress, and each organization's
    // events in time order, so the audit trail's sequence (the app's order of events) follows time.
    const timelines = plans.map(planTimeline);
    const rows = Object.fromEntries(Object.keys(COLUMNS).map((table) => [table, 0])) as Record<Table, number>;
    plans.forEach((plan, k) => {
      rows.users += plan.users.length;
      rows.locations += plan.locations.length;
      rows.vendors += plan.vendors.length;
      rows.assets += plan.assets;
      rows.assignments += timelines[k].assignments;
      rows.audit_events += timelines[k].events.length;
    });
    const totalRows = Object.values(rows).reduce((sum, n) => sum + n, 0);
    const progress = new ProgressCounter(totalRows, options.onProgress);

    const rebuildIndexes = options.rebuildIndexes ?? (writer.kind === 'copy' && assets >= 20_000);
    // Rebuilt on a second connection (COPY), so a loaded table's indexes are built while the next loads.
    builder = rebuildIndexes && options.databaseUrl ? await copyWriter(options.databaseUrl) : null;
    const restore = rebuildIndexes ? await dropForLoad(writer, builder ?? writer, ['users', 'assets', 'assignments', 'audit_events']) : null;
    const loadStarted = Date.now();
    let loaded = loadStarted;
    let rebuild: RebuildTimes | undefined;
    try {
      for (const [k, plan] of plans.entries()) {
        // A table is whole once the last organization's rows are in.
        const last = k === plans.length - 1 ? restore : null;
        await writeOrganization(writer, plan, timelines[k], cipher, progress, plans.length > 1 ? `org ${k + 1}/${plans.length}: ` : '', last, options.signal);
        await db.prisma.organization.update({ where: { id: plan.organizationId }, data: { assetTagSeq: plan.assets } });
      }
    } finally {
      loaded = Date.now();
      if (restore) {
        progress.report('building indexes, checking foreign keys');
        rebuild = await restore.finish();
      }
    }
    const indexed = Date.now();
    // Planner statistics (and, on PostgreSQL, the visibility map) before anyone measures anything;
    // a rebuild has vacuumed each table already.
    if (!restore) {
      progress.report('analyzing');
      await writer.execute(`${writer.kind === 'copy' ? 'VACUUM (ANALYZE)' : 'ANALYZE'} users, locations, vendors, assets, assignments, audit_events`);
    }
    const finished = Date.now();
    const seconds = (finished - started) / 1000;
    const loadSeconds = (loaded - loadStarted) / 1000;
    return {
      seed, asOf: asOf.toISOString(), writer: writer.kind, organizations, rows, totalRows, seconds,
      rowsPerSecond: Math.round(totalRows / Math.max(seconds, 0.001)),
      phases: { loadSeconds, indexSeconds: (indexed - loaded) / 1000, analyzeSeconds: (finished - indexed) / 1000 },
      loadRowsPerSecond: Math.round(totalRows / Math.max(loadSeconds, 0.001)), rebuild,
    };
  } finally {
    await builder?.close();
    await writer.close();
  }
}

async function writeTable(writer: RowWriter, table: Table, rows: Iterable<Row>, progress: ProgressCounter, phase: string, signal?: AbortSignal) {
  signal?.throwIfAborted();
  const sink = writer.open(table, COLUMNS[table], (n) => progress.add(n, phase));
  try {
    for (const row of rows) {
      const wait = sink.write(row);
      if (wait) {
        await wait;
        signal?.throwIfAborted();
      }
    }
  } catch (error) {
    await sink.abort();
    throw error;
  }
  await sink.end();
}

/** One table at a time (one COPY each); assets are planned again per table rather than kept. */
async function writeOrganization(
  writer: RowWriter, org: OrgPlan, timeline: Timeline, cipher: FieldCipher, progress: ProgressCounter, label: string,
  rebuild: Rebuild | null, signal?: AbortSignal,
) {
  const write = async (table: Table, rows: Iterable<Row>, phase: string) => {
    await writeTable(writer, table, rows, progress, `${label}${phase}`, signal);
    rebuild?.written(table);
  };
  await write('users', userRows(org), 'users');
  await write('locations', locationRows(org), 'locations');
  await write('vendors', vendorRows(org), 'vendors');
  await write('assets', (function* () {
    for (let i = 0; i < org.assets; i++) yield assetRow(org, planAsset(org, i), cipher);
  })(), 'assets');
  await write('assignments', (function* () {
    for (let i = 0; i < org.assets; i++) yield* assignmentRows(org, planHistory(org, i));
  })(), 'assignments');
  await write('audit_events', (function* () {
    for (const { asset, kind, stint } of timeline.events) {
      // Only asset.created needs the attributes; the other events need the history.
      const plan = kind === EventKind.created ? planAsset(org, asset) : planHistory(org, asset);
      yield eventRow(org, plan, kind, stint);
    }
  })(), 'audit events');
}
