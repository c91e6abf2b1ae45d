// Before anything is measured: both servers must answer each scenario with the same bytes
// (GraphQL: the `data`, without `extensions`; REST: the body and X-Total-Count), or the
// comparison would be between two different pieces of work.
import type { Scenario } from './http-scenarios.js';

export interface Answer {
  status: number;
  /** What must be byte-identical. */
  comparable: string;
  totalCount: string | null;
  body: string;
}

export async function ask(baseUrl: string, scenario: Scenario, key: string): Promise<Answer> {
  const response = await fetch(`${baseUrl}${scenario.path}`, {
    method: scenario.method,
    headers: { authorization: `Bearer ${key}`, ...(scenario.body && { 'content-type': 'application/json' }) },
    body: scenario.body,
  });
  const body = await response.text();
  let comparable = body;
  if (scenario.path === '/graphql') {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown[] };
    if (parsed.errors?.length) throw new Error(`${baseUrl} answered ${scenario.name} with errors: ${JSON.stringify(parsed.errors)}`);
    comparable = JSON.stringify(parsed.data);
  }
  return { status: response.status, comparable, totalCount: response.headers.get('x-total-count'), body };
}

function firstDifference(a: string, b: string): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 80), at + 80));
  return `first difference at character ${at}:\n  app: ${around(a)}\n  raw: ${around(b)}`;
}

/** Throws, naming the scenario and the first differing bytes, unless both answer alike. */
export async function checkParity(app: string, raw: string, scenarios: Scenario[], key: string, labels = ['app', 'raw']) {
  for (const scenario of scenarios) {
    const [mine, theirs] = await Promise.all([ask(app, scenario, key), ask(raw, scenario, key)]);
    const problems: string[] = [];
    if (mine.status !== 200 || theirs.status !== 200) problems.push(`status ${labels[0]} ${mine.status}, ${labels[1]} ${theirs.status}: ${mine.body.slice(0, 300)}`);
    if (mine.comparable !== theirs.comparable) problems.push(firstDifference(mine.comparable, theirs.comparable));
    if (mine.totalCount !== theirs.totalCount) problems.push(`X-Total-Count ${labels[0]} ${mine.totalCount}, ${labels[1]} ${theirs.totalCount}`);
    const ids = mine.comparable.match(/"id":"[0-9a-f-]{36}"/g) ?? [];
    if ((scenario.kind === 'assetPage' || scenario.kind === 'restAssetPage') && ids.length < 50) problems.push(`expected a page of 50 assets, got ${ids.length}`);
    if (problems.length) throw new Error(`bench: ${labels.join(' and ')} disagree on "${scenario.name}": ${problems.join('; ')}`);
  }
}
