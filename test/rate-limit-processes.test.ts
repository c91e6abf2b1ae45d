// Two server processes (npm start) on one PostgreSQL and one Redis draw from one budget.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapOrganization } from '../src/auth/key-admin.js';
import { openDatabase } from '../src/db/database.js';
import { startServer, type ServerProcess } from './support/server-process.js';

const SERVER = process.env.TEST_POSTGRES_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const database = `itam_test_procs_${randomBytes(4).toString('hex')}`;
const servers: ServerProcess[] = [];

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGTERM');
  await Promise.all(servers.map((server) => server.exit));
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

describe('two instances on one Redis', () => {
  it('share one budget: what one spends, the other cannot', async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = `${SERVER}/${database}`;
    const db = await openDatabase({ databaseUrl: url, dataDir: 'unused' });
    let key: string;
    try {
      const tenant = await bootstrapOrganization(db.prisma, { org: 'Shared', email: 'ops@shared.test' });
      key = tenant.writeKey;
      await db.prisma.apiKey.updateMany({ where: { organizationId: tenant.organizationId }, data: { budgetCapacity: 150, budgetRestoreRate: 0.001, budgetFloor: 0 } });
    } finally {
      await db.close();
    }
    const env = { DATABASE_URL: url, ENCRYPTION_KEY: randomBytes(32).toString('hex'), REDIS_URL, SEED_DEMO_DATA: 'false' };
    servers.push(startServer(env), startServer(env));
    const [a, b] = await Promise.all(servers.map((server) => server.ready));
    const ask = async (port: number, query: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, body: (await response.json()) as any, remaining: response.headers.get('x-ratelimit-remaining') };
    };
    const spend = '{ assets(first: 99) { edges { node { id } } } }'; // requests 100 points
    const first = await ask(a.port, spend);
    expect(first.status).toBe(200);
    // B sees the 100 that A took (A's refund travels with A's next request): 50 left, too few.
    const second = await ask(b.port, spend);
    expect(second.status).toBe(429);
    expect(second.body.errors[0].extensions.code).toBe('THROTTLED');
    expect(second.body.errors[0].extensions.cost.throttleStatus.currentlyAvailable).toBeCloseTo(50, 0);
    // A's next request carries its refund of 99; then both see the same bucket.
    expect((await ask(a.port, '{ rateLimit { remaining } }')).body.data.rateLimit.remaining).toBe(149);
    expect((await ask(b.port, '{ rateLimit { remaining } }')).body.data.rateLimit.remaining).toBe(149);
  }, 120_000);
});
