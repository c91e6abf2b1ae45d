// `npm run cli -- <command>`: operator commands against the configured database
// (with the server stopped when it is embedded: PGlite allows one process).
import { parseArgs } from 'node:util';
import { bootstrapOrganization, createKey, listKeys, revokeKey } from './auth/key-admin.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';

const USAGE = `usage:
  npm run cli -- bootstrap --org NAME --email EMAIL [--name NAME] [--plan growth|business|enterprise] [--json]
  npm run cli -- key create --org ORG_ID --name NAME [--scopes read,write] [--user EMAIL] [--json]
  npm run cli -- key revoke --id KEY_ID
  npm run cli -- key list [--org ORG_ID] [--json]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    org: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, plan: { type: 'string' },
    scopes: { type: 'string' }, user: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' },
  },
});

function need(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
  return value;
}
class UsageError extends Error {}

const print = (human: string, data: unknown) => console.log(values.json ? JSON.stringify(data) : human);
const command = positionals.join(' ');
const db = await openDatabase(loadConfig());
try {
  if (command === 'bootstrap') {
    const plan = values.plan ?? 'growth';
    if (!['growth', 'business', 'enterprise'].includes(plan)) throw new UsageError(`--plan must be growth, business or enterprise`);
    const result = await bootstrapOrganization(db.prisma, { org: need('org'), email: need('email'), name: values.name, plan: plan as 'growth' });
    print(`organization ${result.organizationId}\nadmin user   ${result.userId}\nwrite key    ${result.writeKey}\nread key     ${result.readKey}\n(keys are shown once)`, result);
  } else if (command === 'key create') {
    const key = await createKey(db.prisma, {
      organizationId: need('org'), name: need('name'), scopes: (values.scopes ?? 'read').split(','), userEmail: values.user,
    });
    print(`key ${key.id} (${key.scopes.join(',')}): ${key.secret}\n(shown once)`, key);
  } else if (command === 'key revoke') {
    const key = await revokeKey(db.prisma, need('id'));
    print(`revoked ${key.id} (${key.prefix}…) at ${key.revokedAt?.toISOString()}`, { id: key.id, revokedAt: key.revokedAt });
  } else if (command === 'key list') {
    const keys = await listKeys(db.prisma, values.org);
    print(keys.map((k) => `${k.id}  ${k.prefix}…  ${k.scopes.join(',').padEnd(10)} ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}`).join('\n') || '(no keys)', keys);
  } else {
    throw new UsageError(command ? `unknown command: ${command}` : 'no command');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await db.close();
}
