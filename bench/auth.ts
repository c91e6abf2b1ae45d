// npm run bench:auth — what authentication costs:
//  1. scrypt: ms to hash and to verify a password (the login floor; memory-hard by design);
//  2. access tokens: µs to sign and to verify one EdDSA JWT;
//  3. per request: the same small query sent with an API key and with an access token
//     (each re-checks its user in the database), alternating rounds so machine noise hits both.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { createApp } from '../src/app.js';
import { AccessTokens, DEFAULT_TOKEN_SETTINGS } from '../src/auth/access-tokens.js';
import { bootstrapOrganization } from '../src/auth/key-admin.js';
import { hashPassword, verifyPassword } from '../src/auth/passwords.js';
import { SigningKeys } from '../src/auth/signing-keys.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { openDatabase } from '../src/db/database.js';

const ROUNDS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values: number[], digits: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[0].toFixed(digits)}–${sorted[sorted.length - 1].toFixed(digits)}`;
};
const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function timeEach(rounds: number, iterations: number, fn: () => Promise<unknown>): Promise<number[]> {
  const perCall: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    perCall.push(elapsedMs(start) / iterations);
  }
  return perCall;
}

// 1. Passwords.
const stored = await hashPassword('correct horse battery staple');
const hashing = await timeEach(ROUNDS, 3, () => hashPassword('correct horse battery staple'));
const verifying = await timeEach(ROUNDS, 3, () => verifyPassword('correct horse battery staple', stored));

// 2. Tokens, with a configured key (no database).
const jwk = { ...(await exportJWK((await generateKeyPair('EdDSA', { extractable: true })).privateKey)), kid: 'bench' };
const tokens = new AccessTokens(new SigningKeys({ configured: [jwk] }, 900), DEFAULT_TOKEN_SETTINGS);
const claims = { sub: '00000000-0000-4000-8000-000000000001', org: '00000000-0000-4000-8000-000000000002', sid: '00000000-0000-4000-8000-000000000003' };
const { token } = await tokens.issue(claims);
const signing = await timeEach(ROUNDS, 2_000, () => tokens.issue(claims));
const verifyingToken = await timeEach(ROUNDS, 2_000, () => tokens.verify(token));

console.log('\nPasswords and tokens (7 rounds)');
console.table([
  { operation: 'scrypt hash (N=2^15, r=8)', median: `${median(hashing).toFixed(1)} ms`, range: `${range(hashing, 1)} ms` },
  { operation: 'scrypt verify', median: `${median(verifying).toFixed(1)} ms`, range: `${range(verifying, 1)} ms` },
  { operation: 'EdDSA JWT sign', median: `${(median(signing) * 1000).toFixed(0)} µs`, range: `${range(signing.map((v) => v * 1000), 0)} µs` },
  { operation: 'EdDSA JWT verify', median: `${(median(verifyingToken) * 1000).toFixed(0)} µs`, range: `${range(verifyingToken.map((v) => v * 1000), 0)} µs` },
]);

// 3. Per request: API key vs access token on one app, same query.
const db = await openDatabase({ dataDir: 'memory://' });
try {
  const cipher = new FieldCipher(randomBytes(32));
  const app = createApp(db, { cipher, budgetStore: null, auth: { limits: null } });
  const tenant = await bootstrapOrganization(db.prisma, { org: 'Bench', email: 'bench@example.com', plan: 'enterprise' });
  const post = async (authorization: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await app.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const invited = await post(`Bearer ${tenant.writeKey}`, 'mutation { inviteUser(input: { email: "bench.user@example.com", role: ADMIN }) { invitation { url } } }');
  const inviteToken = new URL(invited.inviteUser.invitation.url).hash.replace('#token=', '');
  const accepted = await post('', 'mutation($t: String!) { acceptInvite(input: { token: $t, password: "bench password 123" }) { accessToken } }', { t: inviteToken });
  const bearerToken = `Bearer ${accepted.acceptInvite.accessToken}`;
  const QUERY = '{ viewer { user { id } } }';
  for (const authorization of [`Bearer ${tenant.writeKey}`, bearerToken]) for (let i = 0; i < 50; i++) await post(authorization, QUERY);

  const byKey: number[] = [];
  const byToken: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [first, second] = round % 2 ? [byToken, byKey] : [byKey, byToken];
    for (const [sink, authorization] of [[first, first === byKey ? `Bearer ${tenant.writeKey}` : bearerToken], [second, second === byKey ? `Bearer ${tenant.writeKey}` : bearerToken]] as const) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 300; i++) await post(authorization, QUERY);
      sink.push(elapsedMs(start) / 300);
    }
  }
  console.log('\nPer request, sequential, in-process, PGlite: `{ viewer { user { id } } }` (7 rounds × 300)');
  console.table([
    { credential: 'API key (sha256 lookup)', 'median ms/request': median(byKey).toFixed(2), range: range(byKey, 2) },
    { credential: 'access token (EdDSA verify + user/session lookup)', 'median ms/request': median(byToken).toFixed(2), range: range(byToken, 2) },
  ]);
  console.log(`token/key ratio: ${(median(byToken) / median(byKey)).toFixed(3)}`);
} finally {
  await db.close();
}
