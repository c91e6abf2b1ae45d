// Medians over rounds, their spread, the app/raw ratios, and the printed table (or JSON).
import type { LoadResult } from './load.js';

export interface Stat {
  median: number;
  min: number;
  max: number;
}

/** One measured round: the load generator's figures and the server's CPU time per request. */
export interface Round extends LoadResult {
  cpuMsPerRequest: number;
  /** PostgreSQL's CPU ms per request over the round (all its processes on this host; NaN elsewhere). */
  databaseCpuMsPerRequest: number;
}

export interface ServerStats {
  requestsPerSecond: Stat;
  p50: Stat;
  p99: Stat;
  /** Server CPU ms (user + system) per request: the steadiest figure on a busy machine. */
  cpu: Stat;
  databaseCpu: Stat;
  rounds: Round[];
}

export interface Comparison {
  scenario: string;
  /** The measured server and the one it is compared with (app vs raw; limiter on vs off). */
  subject: { label: string; stats: ServerStats };
  reference: { label: string; stats: ServerStats };
  /** subject / reference, of the medians. */
  ratio: { requestsPerSecond: number; p50: number; p99: number; cpu: number; databaseCpu: number };
  /**
   * subject / reference round by round (the two rounds of a pair ran back to back), their median and
   * range: the machine's drift over minutes, which moves both sides' medians, cancels within a pair.
   */
  paired: { requestsPerSecond: Stat; p50: Stat; p99: Stat; cpu: Stat; databaseCpu: Stat };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Over the rounds that have a value (a round where nothing completed has no latency). */
function stat(all: number[]): Stat {
  const values = all.filter(Number.isFinite);
  if (!values.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export function statsOf(rounds: Round[]): ServerStats {
  return {
    requestsPerSecond: stat(rounds.map((round) => round.requestsPerSecond)),
    p50: stat(rounds.map((round) => round.p50)),
    p99: stat(rounds.map((round) => round.p99)),
    cpu: stat(rounds.map((round) => round.cpuMsPerRequest)),
    databaseCpu: stat(rounds.map((round) => round.databaseCpuMsPerRequest)),
    rounds,
  };
}

export function compare(scenario: string, subject: Comparison['subject'], reference: Comparison['reference']): Comparison {
  const ratio = (pick: (stats: ServerStats) => Stat) => pick(subject.stats).median / pick(reference.stats).median;
  const pairs = Math.min(subject.stats.rounds.length, reference.stats.rounds.length);
  const paired = (pick: (round: Round) => number) =>
    stat(Array.from({ length: pairs }, (_, i) => pick(subject.stats.rounds[i]) / pick(reference.stats.rounds[i])));
  return {
    scenario, subject, reference,
    ratio: {
      requestsPerSecond: ratio((s) => s.requestsPerSecond), p50: ratio((s) => s.p50), p99: ratio((s) => s.p99),
      cpu: ratio((s) => s.cpu), databaseCpu: ratio((s) => s.databaseCpu),
    },
    paired: {
      requestsPerSecond: paired((r) => r.requestsPerSecond), p50: paired((r) => r.p50), p99: paired((r) => r.p99),
      cpu: paired((r) => r.cpuMsPerRequest), databaseCpu: paired((r) => r.databaseCpuMsPerRequest),
    },
  };
}

const fixed = (value: number) => (!Number.isFinite(value) ? 'n/a' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3));
/** Median, and the spread over rounds as ±% of it (half the min–max range). */
const withSpread = (s: Stat, rounds: number) =>
  rounds > 1 && Number.isFinite(s.median) ? `${fixed(s.median)} ±${((50 * (s.max - s.min)) / (s.median || 1)).toFixed(0)}%` : fixed(s.median);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function comparisonTable(comparisons: Comparison[], ratioLabel: string): string {
  const rows: string[][] = [];
  for (const { scenario, subject, reference, ratio, paired } of comparisons) {
    for (const [index, { label, stats }] of [subject, reference].entries()) {
      const n = stats.rounds.length;
      rows.push([index ? '' : scenario, label, withSpread(stats.requestsPerSecond, n), withSpread(stats.p50, n), withSpread(stats.p99, n), withSpread(stats.cpu, n), withSpread(stats.databaseCpu, n)]);
    }
    const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
    rows.push(['', ratioLabel, times(ratio.requestsPerSecond), times(ratio.p50), times(ratio.p99), times(ratio.cpu), times(ratio.databaseCpu)]);
    const pairs = Math.min(subject.stats.rounds.length, reference.stats.rounds.length);
    if (pairs > 1) {
      const range = (s: Stat) => (Number.isFinite(s.median) ? `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : 'n/a');
      rows.push(['', 'paired', range(paired.requestsPerSecond), range(paired.p50), range(paired.p99), range(paired.cpu), range(paired.databaseCpu)]);
    }
  }
  return `${table(['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'db CPU ms/req'], rows)}
(${ratioLabel}: of the medians; paired: the median, min and max of the ratios of rounds run back to back)`;
}
