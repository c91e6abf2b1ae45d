// The operator CLI (`npm run cli -- …`), run for real as a child process against embedded PGlite
// (DATA_DIR) and against PostgreSQL (DATABASE_URL, a fresh database created and dropped here):
// bootstrap, key list/create/revoke, credential list, usage errors, and the printed keys working on the API.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { decodeProtectedHeader } from 'jose';
import { loadCipher } from '../src/crypto/encryption-key.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { expectNoValue } from './support/assertions.js';
import { buildCompiled, type CompiledBuild } from './support/compiled-build.js';

const ROOT = path.resolve(import.meta.dirname, '..');
// The compiled CLI, as `npm run cli` runs it (scripts/start.mjs → <out>/cli.js), built once for this
// file into a directory of its own inside the project (where the bundle finds node_modules/).
let compiled: CompiledBuild | undefined;
let compiledCli = '';
beforeAll(async () => {
  compiled = await buildCompiled('cli-test-');
  compiledCli = path.join(compiled.dir, 'cli.js');
}, 180_000);
afterAll(() => compiled?.remove());
const POSTGRES_SERVER = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const CLI_TIMEOUT = 180_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = /^sk_[0-9a-f]{56}$/;

interface CliRun { code: number | null; stdout: string; stderr: string }

/** The compiled CLI with `…args` and `env` on top of this process's environment. */
function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiledCli, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function json<T = any>(run: CliRun): T {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as T;
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Where a run of the CLI keeps its data: a fresh PGlite directory or a fresh PostgreSQL database. */
interface Target {
  /** Environment for the CLI (and for loadConfig when the test opens the same database). */
  env: Record<string, string>;
  /** A database the CLI must not touch: a DATA_DIR that does not exist, or a PostgreSQL
   * database that does not exist (opening either would create it or fail with exit 1). */
  untouched(): Promise<{ env: Record<string, string>; created(): Promise<boolean> }>;
  dispose(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'itam-cli-'));
    dirs.push(dir);
    return { DATA_DIR: dir };
  };
  return {
    env: await fresh(),
    async untouched() {
      const { DATA_DIR } = await fresh();
      const dir = path.join(DATA_DIR, 'never-opened');
      return { env: { DATA_DIR: dir }, created: () => stat(dir).then(() => true, () => false) };
    },
    async dispose() {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

async function postgresTarget(): Promise<Target> {
  const names: string[] = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'itam-cli-unused-'));
  const fresh = async () => {
    const name = `itam_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    names.push(name);
    const url = new URL(POSTGRES_SERVER);
    url.pathname = `/${name}`;
    return { DATABASE_URL: url.toString(), DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  };
  return {
    env: await fresh(),
    async untouched() {
      const url = new URL(POSTGRES_SERVER);
      const name = `itam_cli_absent_${randomBytes(4).toString('hex')}`;
      url.pathname = `/${name}`;
      const created = async () => {
        const client = new pg.Client({ connectionString: POSTGRES_SERVER });
        await client.connect();
        try {
          return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
        } finally {
          await client.end();
        }
      };
      return { env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir }, created };
    },
    async dispose() {
      for (const name of names) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface ListedKey {
  id: string; organizationId: string; name: string; prefix: string; scopes: string[];
  createdById: string | null; lastUsedAt: string | null; revokedAt: string | null; createdAt: string;
}

describe.each([
  ['embedded PGlite (DATA_DIR)', pgliteTarget],
  ['PostgreSQL (DATABASE_URL)', postgresTarget],
])('the CLI on %s', (_kind, makeTarget) => {
  let target: Target;
  // One operator session, step by step; each test below checks one step's output.
  const session = {} as {
    bootstrap: CliRun; listAfterBootstrap: CliRun; create: CliRun; revoke: CliRun; listAfterRevoke: CliRun;
    inviteLink: CliRun; rotateFirst: CliRun; rotateSecond: CliRun; signingKeys: CliRun; setPlan: CliRun;
    organizationId: string; userId: string; writeKey: string; readKey: string; createdKeyId: string; createdSecret: string; revokedSecret: string;
  };

  beforeAll(async () => {
    target = await makeTarget();
    session.bootstrap = await runCli(['bootstrap', '--org', 'Acme', '--email', 'a@acme.test', '--json'], target.env);
    Object.assign(session, JSON.parse(session.bootstrap.stdout));
    session.listAfterBootstrap = await runCli(['key', 'list', '--json'], target.env);
    session.create = await runCli(['key', 'create', '--org', session.organizationId, '--name', 'x', '--scopes', 'read', '--json'], target.env);
    const created = JSON.parse(session.create.stdout);
    session.createdKeyId = created.id;
    session.createdSecret = created.secret;
    // A second key to revoke, so the created one stays usable.
    const doomed = JSON.parse((await runCli(['key', 'create', '--org', session.organizationId, '--name', 'doomed', '--json'], target.env)).stdout);
    session.revokedSecret = doomed.secret;
    session.revoke = await runCli(['key', 'revoke', '--id', doomed.id], target.env);
    session.listAfterRevoke = await runCli(['key', 'list', '--org', session.organizationId, '--json'], target.env);
    session.inviteLink = await runCli(['user', 'invite-link', '--org', session.organizationId, '--email', 'A@acme.test', '--json'], target.env);
    session.rotateFirst = await runCli(['signing-key', 'rotate', '--json'], target.env);
    session.rotateSecond = await runCli(['signing-key', 'rotate', '--json'], target.env);
    session.signingKeys = await runCli(['signing-key', 'list', '--json'], target.env);
    session.setPlan = await runCli(['org', 'set-plan', '--org', session.organizationId, '--plan', 'business', '--json'], target.env);
  }, CLI_TIMEOUT);
  afterAll(() => target?.dispose(), CLI_TIMEOUT);

  describe('bootstrap --org --email --json', () => {
    it('exits 0 and prints organizationId, userId, writeKey and readKey as one JSON object', () => {
      const result = json(session.bootstrap);
      expect(Object.keys(result).sort()).toEqual(['organizationId', 'readKey', 'userId', 'writeKey']);
      expect(result.organizationId).toMatch(UUID);
      expect(result.userId).toMatch(UUID);
      expect(result.writeKey).toMatch(SECRET);
      expect(result.readKey).toMatch(SECRET);
      expect(result.writeKey).not.toBe(result.readKey);
    });
  });

  describe('key list --json', () => {
    it('lists the write and read key of the bootstrap, with prefixes and without secrets', () => {
      const keys = json<ListedKey[]>(session.listAfterBootstrap);
      expect(keys).toHaveLength(2);
      const byScopes = Object.fromEntries(keys.map((key) => [key.scopes.join(','), key]));
      expect(Object.keys(byScopes).sort()).toEqual(['read', 'read,write']);
      expect(byScopes['read,write']).toMatchObject({
        organizationId: session.organizationId, createdById: session.userId, prefix: session.writeKey.slice(0, 10), revokedAt: null, lastUsedAt: null,
      });
      expect(byScopes.read).toMatchObject({ organizationId: session.organizationId, prefix: session.readKey.slice(0, 10), revokedAt: null });
      const printed = session.listAfterBootstrap.stdout;
      for (const secret of [session.writeKey, session.readKey]) expect(printed).not.toContain(secret.slice(10));
      expect(printed).not.toMatch(/secret/i);
    });
  });

  describe('key create --org --name --scopes --json', () => {
    it('exits 0 and prints the new key once, acting as the organization’s admin', () => {
      const key = json(session.create);
      expect(key).toEqual({ id: expect.stringMatching(UUID), prefix: key.secret.slice(0, 10), secret: expect.stringMatching(SECRET), scopes: ['read'], userId: session.userId });
    });

    it('the new key shows in key list by name and prefix', () => {
      const keys = json<ListedKey[]>(session.listAfterRevoke);
      expect(keys.find((key) => key.id === session.createdKeyId)).toMatchObject({
        name: 'x', prefix: session.createdSecret.slice(0, 10), scopes: ['read'], revokedAt: null,
      });
    });
  });

  describe('key revoke --id', () => {
    it('exits 0, says which key it revoked, and key list shows it revoked', () => {
      expect(session.revoke.code).toBe(0);
      expect(session.revoke.stderr).toBe('');
      const keys = json<ListedKey[]>(session.listAfterRevoke);
      expect(keys).toHaveLength(4);
      const revoked = keys.filter((key) => key.revokedAt !== null);
      expect(revoked).toHaveLength(1);
      expect(revoked[0].name).toBe('doomed');
      expect(session.revoke.stdout.trim()).toBe(`revoked ${revoked[0].id} (${revoked[0].prefix}…) at ${revoked[0].revokedAt}`);
    });
  });

  describe('user invite-link --org --email --json', () => {
    it('prints a 7-day invitation link for the user (email in any case) and audits invitation.created', () => {
      const link = json(session.inviteLink);
      expect(link).toEqual({ url: expect.stringMatching(/^http:\/\/localhost:4000\/accept-invite#token=inv_[0-9a-f]{64}$/), expiresAt: expect.any(String), userId: session.userId });
      const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
    });
  });

  describe('signing-key rotate / list', () => {
    it('each rotation prints a new kid; the list shows the current key and the one it retired, public parts only', () => {
      // The first command needing the encryption key generates it (embedded), saying so on stderr.
      expect(session.rotateFirst.code).toBe(0);
      expect(session.rotateFirst.stderr).toMatch(target.env.DATABASE_URL ? /^$/ : /^encryption: generated a key/);
      const first = JSON.parse(session.rotateFirst.stdout);
      const second = json(session.rotateSecond);
      expect(first.kid).not.toBe(second.kid);
      const keys = json<{ kid: string; alg: string; d?: string }[]>(session.signingKeys);
      expect(keys.map((key) => key.kid)).toEqual([second.kid, first.kid]);
      expect(keys.every((key) => key.alg === 'EdDSA' && key.d === undefined)).toBe(true);
    });
  });

  describe('org set-plan --org --plan --json', () => {
    it('moves the organization to the plan and prints the previous one', () => {
      expect(json(session.setPlan)).toEqual({ organizationId: session.organizationId, plan: 'business', previousPlan: 'growth' });
    });
  });

  describe('bad usage', () => {
    it.each([
      ['no command', [], /no command/],
      ['an unknown command', ['frobnicate'], /unknown command: frobnicate/],
      ['an unknown option', ['key', 'list', '--bogus'], /--bogus/],
      ['bootstrap without --org', ['bootstrap', '--email', 'a@acme.test'], /--org is required/],
      ['bootstrap without --email', ['bootstrap', '--org', 'Acme'], /--email is required/],
      ['bootstrap with an unknown plan', ['bootstrap', '--org', 'Acme', '--email', 'a@acme.test', '--plan', 'gold'], /--plan must be/],
      ['key create without --name', ['key', 'create', '--org', randomUUID()], /--name is required/],
      ['key create with an unknown scope', ['key', 'create', '--org', randomUUID(), '--name', 'x', '--scopes', 'admin'], /--scopes: unknown scope/],
      ['key create with an --org that is not an id', ['key', 'create', '--org', 'Acme', '--name', 'x'], /--org must be an id/],
      ['key revoke without --id', ['key', 'revoke'], /--id is required/],
      ['key revoke with an --id that is not an id', ['key', 'revoke', '--id', 'sk_123'], /--id must be an id/],
      ['org set-plan without --plan', ['org', 'set-plan', '--org', randomUUID()], /--plan is required/],
      ['org set-plan with an unknown plan', ['org', 'set-plan', '--org', randomUUID(), '--plan', 'platinum'], /--plan must be/],
    ])('%s → exit 2 with the usage text, before touching the database', async (_name, args, message) => {
      const untouched = await target.untouched();
      const run = await runCli(args as string[], untouched.env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message as RegExp);
      expect(run.stderr).toContain('usage:');
      expect(run.stderr).toContain('npm run cli -- bootstrap --org NAME --email EMAIL');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await untouched.created()).toBe(false);
    }, CLI_TIMEOUT);

    it('a failing command (revoking a key that does not exist) exits 1 with the reason only', async () => {
      const id = randomUUID();
      const run = await runCli(['key', 'revoke', '--id', id], target.env);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(`no API key ${id}`);
    }, CLI_TIMEOUT);
  });

  describe('the printed keys on the API (same database, opened by the app)', () => {
    it('the write key queries and mutates; the read key reads but cannot mutate; a revoked key is refused', async () => {
      const db = await openDatabase(loadConfig({ ...target.env }));
      try {
        // The CLI's signing keys are encrypted with the configured (or generated) key: use the same.
        const app = createApp(db, { cipher: await loadCipher(loadConfig({ ...target.env })) });
        const gql = async (key: string, query: string) => {
          const response = await app.fetch('http://cli.test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
            body: JSON.stringify({ query }),
          });
          return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
        };

        const viewer = await gql(session.writeKey, `{ viewer { scopes organization { id name } user { id email role } } }`);
        expect(viewer.errors).toBeUndefined();
        expect(viewer.data.viewer).toEqual({
          scopes: ['read', 'write'],
          organization: { id: session.organizationId, name: 'Acme' },
          user: { id: session.userId, email: 'a@acme.test', role: 'ADMIN' },
        });

        const created = await gql(session.writeKey, `mutation { createLocation(input: { name: "Acme HQ" }) { id name } }`);
        expect(created.errors).toBeUndefined();
        expect(created.data.createLocation.name).toBe('Acme HQ');

        const read = await gql(session.readKey, `{ viewer { scopes } locations(first: 5) { totalCount } }`);
        expect(read.errors).toBeUndefined();
        expect(read.data).toEqual({ viewer: { scopes: ['read'] }, locations: { totalCount: 1 } });

        const refused = await gql(session.readKey, `mutation { createLocation(input: { name: "Nope" }) { id } }`);
        expect(refused.status).toBe(200);
        expectNoValue(refused, 'createLocation');
        expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);

        const createdKey = await gql(session.createdSecret, `{ viewer { scopes } }`);
        expect(createdKey.data).toEqual({ viewer: { scopes: ['read'] } });

        const revoked = await gql(session.revokedSecret, `{ viewer { scopes } }`);
        expect(revoked.status).toBe(401);
        expect(revoked.errors?.map((error) => error.extensions?.code)).toEqual(['KEY_REVOKED']);

        const doomed = json<ListedKey[]>(session.listAfterRevoke).find((key) => key.name === 'doomed')!;
        const revokedIds = (await db.prisma.apiKey.findMany({ where: { revokedAt: { not: null } }, select: { id: true } })).map((key) => key.id);
        expect(revokedIds).toEqual([doomed.id]);

        // The bootstrap and the key commands left their audit trail (source CLI).
        const events = await db.prisma.auditEvent.findMany({ where: { organizationId: session.organizationId, source: 'cli' }, orderBy: { createdAt: 'asc' } });
        expect(events.map((event) => event.action)).toEqual([
          'organization.created', 'user.invited', 'api_key.created', 'api_key.created', 'api_key.created', 'api_key.created', 'api_key.revoked',
          'invitation.created', 'organization.plan_changed',
        ]);
        // The plan change is the operator's: no acting user or key, the plan's before and after.
        expect(events.at(-1)).toMatchObject({ actorUserId: null, actorApiKeyId: null, entityId: session.organizationId, changes: { plan: { before: 'growth', after: 'business' } } });
        const budget = await gql(session.writeKey, '{ rateLimit { limit } }');
        expect(budget.data.rateLimit.limit).toBe(1_000_000); // the business plan's bucket

        // The printed invitation sets the admin's password; the token is signed with the key rotated in last.
        const token = new URL(json(session.inviteLink).url).hash.replace('#token=', '');
        const accepted = await gql('', `mutation { acceptInvite(input: { token: "${token}", password: "operator chose this" }) { accessToken } }`);
        expect(accepted.errors).toBeUndefined();
        const accessToken = accepted.data.acceptInvite.accessToken;
        expect(decodeProtectedHeader(accessToken).kid).toBe(json(session.rotateSecond).kid);
        const asAdmin = await gql(accessToken, `{ viewer { user { email } } }`);
        expect(asAdmin.data).toEqual({ viewer: { user: { email: 'a@acme.test' } } });
      } finally {
        await db.close();
      }
    }, CLI_TIMEOUT);
  });

  describe('credential list', () => {
    it('lists client credentials with owner, client id, created and updated at (bumped by regenerate), never a secret', async () => {
      const db = await openDatabase(loadConfig({ ...target.env }));
      let issued: { clientId: string; clientSecret: string; credential: { createdAt: string; updatedAt: string } };
      try {
        const app = createApp(db, { cipher: await loadCipher(loadConfig({ ...target.env })) });
        const mutate = async (query: string) => {
          const response = await app.fetch('http://cli.test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${session.writeKey}` },
            body: JSON.stringify({ query }),
          });
          return ((await response.json()) as { data: any }).data;
        };
        const fields = 'clientId clientSecret credential { id createdAt updatedAt }';
        const created = (await mutate(`mutation { createClientCredential { ${fields} } }`)).createClientCredential;
        expect(created.credential.updatedAt).toBe(created.credential.createdAt);
        issued = (await mutate(`mutation { regenerateClientCredential(id: "${created.credential.id}") { ${fields} } }`)).regenerateClientCredential;
        expect(issued.credential.createdAt).toBe(created.credential.createdAt);
        expect(Date.parse(issued.credential.updatedAt)).toBeGreaterThan(Date.parse(created.credential.createdAt));
      } finally {
        await db.close();
      }
      const listed = json(await runCli(['credential', 'list', '--org', session.organizationId, '--json'], target.env));
      expect(listed).toEqual([{
        id: expect.stringMatching(UUID), organizationId: session.organizationId, clientId: issued.clientId, lastUsedAt: null,
        createdAt: issued.credential.createdAt, updatedAt: issued.credential.updatedAt, owner: { id: session.userId, email: 'a@acme.test' },
      }]);
      const human = await runCli(['credential', 'list'], target.env);
      expect(human.code).toBe(0);
      expect(human.stdout.trim()).toBe(`${issued.clientId}  owner a@acme.test  created ${issued.credential.createdAt}  updated ${issued.credential.updatedAt}`);
      expect(human.stdout + JSON.stringify(listed)).not.toContain(issued.clientSecret.slice(3));
    }, CLI_TIMEOUT);
  });
});
