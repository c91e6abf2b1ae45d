// npm run bench:cost — how much the query-cost limiter costs:
//  1. microseconds per static cost computation, small and large documents;
//  2. in-process request throughput of the same list query with budgets on and off. "Off" is
//     RATE_LIMIT=off: the per-operation limits (and so the static cost) still run, as they always
//     do; "on" adds the budget: the take, the actual cost of the result, the refund, the headers.
// Prints tables of medians over several rounds; rounds alternate on/off so machine noise
// (two shared cores) hits both sides alike. BENCH_ROUNDS (default 9) shortens a run.
import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import { createApp } from '../src/app.js';
import { bootstrapOrganization } from '../src/auth/key-admin.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { staticCost } from '../src/cost/query-cost.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { openDatabase } from '../src/db/database.js';
import { schema } from '../src/graphql/schema.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[0].toFixed(1)}–${sorted[sorted.length - 1].toFixed(1)}`;
};

const SMALL = parse('{ asset(id: "00000000-0000-4000-8000-000000000000") { id name location { name } } }');
const LARGE = parse(`
  query Large($n: Int!, $withOwner: Boolean!) {
    recent: assets(first: $n, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount edges { node { ...Row } } }
    cheap: assets(first: 100, filter: { status: ACTIVE }) { edges { node { ...Row owner @include(if: $withOwner) { id name } } } }
    users(first: 20) { edges { node { id name assignedAssets(first: 10) { edges { node { ...Row assignments(first: 5) { edges { node { user { name } } } } } } } } } }
    node(id: "00000000-0000-4000-8000-000000000000") { ... on Asset { ...Row } ... on User { name } }
    rateLimit { remaining }
  }
  fragment Row on Asset { id assetTag name status value location { id name } vendor { id name } assignedUser { id name } }
`);

function microsecondsPerCost(document: typeof SMALL, variables: Record<string, unknown>, iterations: number): number[] {
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) staticCost(schema, document, variables);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return rounds;
}

const small = microsecondsPerCost(SMALL, {}, 20_000);
const large = microsecondsPerCost(LARGE, { n: 50, withOwner: true }, 2_000);
console.log('\nStatic cost computation (7 rounds)');
console.table([
  { document: 'small (1 lookup, 1 relation)', 'median µs': median(small).toFixed(2), 'range µs': spread(small), cost: staticCost(schema, SMALL, {})!.cost },
  { document: 'large (5 roots, fragments, 3 nested connections)', 'median µs': median(large).toFixed(2), 'range µs': spread(large), cost: staticCost(schema, LARGE, { n: 50, withOwner: true })!.cost },
]);

// Throughput: one embedded database with 200 assets, two apps over it (limiter on / off).
const db = await openDatabase({ dataDir: 'memory://' });
try {
  const tenant = await bootstrapOrganization(db.prisma, { org: 'Bench', email: 'bench@example.com', plan: 'enterprise' });
  const cipher = new FieldCipher(randomBytes(32));
  const on = createApp(db, { cipher, budgetStore: new MemoryBudgetStore() });
  const off = createApp(db, { cipher, budgetStore: null });
  const post = async (app: typeof on, query: string) =>
    (await app.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}` },
      body: JSON.stringify({ query }),
    })).json();
  const location = ((await post(off, 'mutation { createLocation(input: { name: "HQ" }) { id } }')) as any).data.createLocation.id;
  for (let batch = 0; batch < 8; batch++) {
    const mutations = Array.from({ length: 25 }, (_, i) => `a${i}: createAsset(input: { name: "Asset ${batch}-${i}", locationId: "${location}" }) { id }`);
    await post(off, `mutation { ${mutations.join(' ')} }`);
  }
  const QUERY = '{ assets(first: 20) { totalCount edges { node { id assetTag name status location { name } } } } }';
  const REQUESTS = 300;
  const requestsPerSecond = async (app: typeof on) => {
    const start = process.hrtime.bigint();
    // 4 in flight at a time, like a small client pool.
    for (let i = 0; i < REQUESTS; i += 4) await Promise.all([0, 1, 2, 3].map(() => post(app, QUERY)));
    return REQUESTS / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  await requestsPerSecond(on);
  await requestsPerSecond(off); // warm-up
  const results = { on: [] as number[], off: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    results.off.push(await requestsPerSecond(off));
    results.on.push(await requestsPerSecond(on));
  }
  const ratio = median(results.on) / median(results.off);
  console.log(`\nThroughput, ${REQUESTS} requests × ${ROUNDS} rounds, in-process, embedded PGlite, query cost ${staticCost(schema, parse(QUERY), {})!.cost}`);
  console.table([
    { limiter: 'budgets off (per-operation limits on)', 'median req/s': median(results.off).toFixed(0), 'range req/s': spread(results.off) },
    { limiter: 'budgets on (memory store, floor 50)', 'median req/s': median(results.on).toFixed(0), 'range req/s': spread(results.on) },
  ]);
  console.log(`on/off throughput ratio: ${ratio.toFixed(3)} (overhead ${((1 - ratio) * 100).toFixed(1)}%; target ≤ 5%)`);
} finally {
  await db.close();
}
