// `npm run cli -- <command>`: operator commands against the configured database
// (with the server stopped when it is embedded: PGlite allows one process).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { normalizeScopes } from './auth/api-keys.js';
import { bootstrapOrganization, createInvitationLink, createKey, listClientCredentials, listKeys, revokeKey } from './auth/key-admin.js';
import { SigningKeys } from './auth/signing-keys.js';
import { loadCipher } from './crypto/encryption-key.js';
import { loadConfig } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { setOrganizationPlan } from './domain/organizations.js';
import type { Plan } from './generated/prisma/client.js';
import { operatorActor } from './request/actor.js';
import { PLANS } from './request/principal.js';
import { isUuid } from './request/uuid.js';

const USAGE = `usage:
  npm run cli -- bootstrap --org NAME --email EMAIL [--name NAME] [--plan growth|business|enterprise] [--json]
  npm run cli -- key create --org ORG_ID --name NAME [--scopes read,write] [--user EMAIL] [--json]
  npm run cli -- key revoke --id KEY_ID
  npm run cli -- key list [--org ORG_ID] [--json]
  npm run cli -- credential list [--org ORG_ID] [--json]
  npm run cli -- user invite-link --org ORG_ID --email EMAIL [--json]
  npm run cli -- org set-plan --org ORG_ID --plan growth|business|enterprise [--json]
  npm run cli -- signing-key rotate [--json]
  npm run cli -- signing-key list [--json]`;

class UsageError extends Error {}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        org: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, plan: { type: 'string' },
        scopes: { type: 'string' }, user: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' },
      },
    });
  } catch (error) {
    // An unknown or malformed option is bad usage, not a crash with a stack trace.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

type Action = (db: Database) => Promise<void>;

/** The command to run, checked before the database is opened: bad usage needs no database. */
function commandLine(): Action {
  const { positionals, values } = parseCommandLine();
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
    return value;
  };
  const needId = (name: 'org' | 'id'): string => {
    const value = need(name);
    if (!isUuid(value)) throw new UsageError(`--${name} must be an id (UUID), got "${value}"`);
    return value;
  };
  const print = (human: string, data: unknown) => console.log(values.json ? JSON.stringify(data) : human);
  const command = positionals.join(' ');

  const needPlan = (fallback?: Plan): Plan => {
    const plan = values.plan ?? fallback;
    if (!plan) throw new UsageError('--plan is required');
    if (!(PLANS as readonly string[]).includes(plan)) throw new UsageError(`--plan must be growth, business or enterprise`);
    return plan as Plan;
  };

  if (command === 'bootstrap') {
    const plan = needPlan('growth');
    const args = { org: need('org'), email: need('email'), name: values.name, plan: plan as Plan };
    return async (db) => {
      const result = await bootstrapOrganization(db.prisma, args);
      print(`organization ${result.organizationId}\nadmin user   ${result.userId}\nwrite key    ${result.writeKey}\nread key     ${result.readKey}\n(keys are shown once; for a password: npm run cli -- user invite-link --org ${result.organizationId} --email ${args.email})`, result);
    };
  }
  if (command === 'key create') {
    const scopes = (values.scopes ?? 'read').split(',');
    try {
      normalizeScopes(scopes);
    } catch (error) {
      throw new UsageError(`--scopes: ${(error as Error).message}`);
    }
    const args = { organizationId: needId('org'), name: need('name'), scopes, userEmail: values.user };
    return async (db) => {
      const key = await createKey(db.prisma, args);
      print(`key ${key.id} (${key.scopes.join(',')}): ${key.secret}\n(shown once)`, key);
    };
  }
  if (command === 'key revoke') {
    const id = needId('id');
    return async (db) => {
      const key = await revokeKey(db.prisma, id);
      print(`revoked ${key.id} (${key.prefix}…) at ${key.revokedAt?.toISOString()}`, { id: key.id, revokedAt: key.revokedAt });
    };
  }
  if (command === 'key list') {
    if (values.org !== undefined) needId('org');
    return async (db) => {
      const keys = await listKeys(db.prisma, values.org);
      print(keys.map((k) => `${k.id}  ${k.prefix}…  ${k.scopes.join(',').padEnd(10)} ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}`).join('\n') || '(no keys)', keys);
    };
  }
  if (command === 'credential list') {
    if (values.org !== undefined) needId('org');
    return async (db) => {
      const rows = await listClientCredentials(db.prisma, values.org);
      const listed = rows.map(({ user, ...row }) => ({ ...row, owner: user }));
      const line = (c: (typeof listed)[number]) =>
        `${c.clientId}  owner ${c.owner.email}  created ${c.createdAt.toISOString()}  updated ${c.updatedAt.toISOString()}`;
      print(listed.map(line).join('\n') || '(no client credentials)', listed);
    };
  }
  if (command === 'user invite-link') {
    const args = { organizationId: needId('org'), email: need('email') };
    return async (db) => {
      const link = await createInvitationLink(db.prisma, { ...args, publicUrl: loadConfig().publicUrl });
      print(`invitation for ${args.email} (valid until ${link.expiresAt.toISOString()}):\n${link.url}`, link);
    };
  }
  if (command === 'org set-plan') {
    const organizationId = needId('org');
    const plan = needPlan();
    return async (db) => {
      // Audited with no acting user: the operator, not one of the organization's admins.
      const actor = operatorActor(organizationId, { id: `cli-${randomUUID()}`, apiStyle: 'cli' });
      const { organization, previousPlan } = await setOrganizationPlan(db.prisma, actor, plan);
      print(`organization ${organization.id} (${organization.name}): plan ${previousPlan} → ${organization.plan}`,
        { organizationId: organization.id, plan: organization.plan, previousPlan });
    };
  }
  if (command === 'signing-key rotate' || command === 'signing-key list') {
    return async (db) => {
      const config = loadConfig();
      if (config.jwtSigningKeys) throw new Error('JWT_SIGNING_KEYS is set: the keys come from the configuration, rotate them there');
      const keys = new SigningKeys({ prisma: db.prisma, cipher: await loadCipher(config, (line) => console.error(line)) }, config.accessTokenTtlSeconds);
      if (command === 'signing-key rotate') {
        const kid = await keys.rotate();
        print(`new signing key ${kid}; the previous one verifies for another ${config.accessTokenTtlSeconds} s`, { kid });
      } else {
        const { keys: jwks } = await keys.jwks();
        print(jwks.map((key) => `${key.kid}  ${key.alg}`).join('\n'), jwks);
      }
    };
  }
  throw new UsageError(command ? `unknown command: ${command}` : 'no command');
}

async function run(action: Action): Promise<number> {
  let db: Database | undefined;
  try {
    db = await openDatabase(loadConfig());
    await action(db);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await db?.close();
  }
}

let action: Action | undefined;
try {
  action = commandLine();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  console.error(USAGE);
  process.exitCode = 2;
}
// Set only after the database is closed: closing PGlite resets process.exitCode, which would
// report failures as success.
if (action) process.exitCode = await run(action);
