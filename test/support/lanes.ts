// What the lanes' specs (direct-lane, rest-lane) share: an app of their own with budgets, served
// with and without the lanes, and the scenario of a compiled statement that fails after the charge.
import type { RequestListener } from 'node:http';
import { expect } from 'vitest';
import { createApp, type AppOptions } from '../../src/app.js';
import { MemoryBudgetStore } from '../../src/cost/budget-store.js';
import { budgetTable } from '../../src/cost/plans.js';
import type { FieldCipher } from '../../src/crypto/field-cipher.js';
import type { Database } from '../../src/db/database.js';
import { Metrics } from '../../src/yoga/metrics.js';
import { directReadCount, isCompiledStatement } from './compiled-reads.js';
import { captureLogs } from './log-capture.js';
import { expectSameNodeAnswer } from './node-answers.js';
import { listen, type Listening, type NodeAnswer } from './node-http.js';
import type { TestApi } from './test-api.js';

export interface BothWays {
  /** app.listener: the lanes in front of yoga. */
  lane: Listening;
  /** The same app, yoga alone. */
  yoga: Listening;
  /** The request to yoga, then to the lanes (a text yoga answered by a compiled read is one the lanes take). */
  both(request: Parameters<Listening['send']>[0]): Promise<{ fromYoga: NodeAnswer; fromLane: NodeAnswer }>;
  close(): Promise<void>;
}

/** `app` served with its lanes and as yoga alone. */
export async function servedBothWays(app: RequestListener & { listener: RequestListener }): Promise<BothWays> {
  const [lane, yoga] = await Promise.all([listen(app.listener), listen(app)]);
  return {
    lane,
    yoga,
    async both(request) {
      const fromYoga = await yoga.send(request);
      return { fromYoga, fromLane: await lane.send(request) };
    },
    close: () => Promise.all([lane.close(), yoga.close()]).then(() => undefined),
  };
}

/**
 * `request` once to yoga (answered by a compiled read: from then on the lanes take its text), then
 * both ways: the lanes answer as yoga does, each side with its one compiled statement, and
 * itam_direct_reads_total{entry="http"} counts one more. The lanes' answer, for the spec's own checks.
 */
export async function expectAnsweredByLane(api: Pick<TestApi, 'recordSql'>, served: BothWays, metrics: Metrics, request: Parameters<Listening['send']>[0]): Promise<NodeAnswer> {
  await served.yoga.send(request);
  const before = await directReadCount(metrics, 'http');
  let fromLane: NodeAnswer | undefined;
  const statements = await api.recordSql(async () => {
    const answers = await served.both(request);
    expectSameNodeAnswer(answers.fromLane, answers.fromYoga);
    fromLane = answers.fromLane;
  });
  expect(statements.map(isCompiledStatement)).toEqual([true, true]);
  expect(await directReadCount(metrics, 'http')).toBe(before + 1);
  return fromLane!;
}

export interface LaneApps {
  /** The app's metrics. */
  own: Metrics;
  /** app.listener: the lanes in front of yoga. */
  served: Listening;
  /** The same app, yoga alone. */
  plain: Listening;
  close(): Promise<void>;
}

/** An app of its own on `db`, budgets in memory, served both ways. */
export async function laneApps(db: Database, cipher: FieldCipher, options: Partial<AppOptions>): Promise<LaneApps> {
  const own = new Metrics();
  const app = createApp(db, { cipher, metrics: own, budgetStore: new MemoryBudgetStore(), logger: captureLogs().logger, ...options });
  const { lane, yoga, close } = await servedBothWays(app);
  return { own, served: lane, plain: yoga, close };
}

/**
 * A request the lane answers, then the same with its compiled statement failing ("connection
 * lost"): answered all the same (`dataOf` of both bodies equal) by the pipeline, charged once (the
 * lane's charge refunded), after 2 statement attempts — the lane's, then the pipeline's compiled
 * read, not a second direct read in between.
 */
export async function expectFailedStatementRefunded(db: Database, cipher: FieldCipher, ask: (served: Listening) => Promise<NodeAnswer>, dataOf: (text: string) => unknown) {
  let failing = false;
  let attempts = 0;
  const flaky: Database = {
    ...db,
    queryText: (sql, args) => {
      if (!failing || !isCompiledStatement({ sql, args })) return db.queryText(sql, args);
      attempts += 1;
      return Promise.reject(new Error('connection lost'));
    },
  };
  // Next to nothing restored between requests: the remaining points tell how often it was charged.
  const apps = await laneApps(flaky, cipher, { budgets: budgetTable({ growth: { restoreRate: 0.001 } }) });
  try {
    const answered = await ask(apps.served);
    const charged = Number(answered.headers['x-ratelimit-cost']);
    const remaining = Number(answered.headers['x-ratelimit-remaining']);
    failing = true;
    const fallback = await ask(apps.served);
    expect(fallback.status).toBe(200);
    expect(dataOf(fallback.text)).toEqual(dataOf(answered.text));
    expect(Number(fallback.headers['x-ratelimit-cost'])).toBe(charged);
    expect(Number(fallback.headers['x-ratelimit-remaining'])).toBe(remaining - charged);
    expect(attempts).toBe(2);
    expect(await directReadCount(apps.own)).toBe(0);
  } finally {
    await apps.close();
  }
}
