// The bench's figures (bench/http-report.ts): medians of rounds, and the ratios of rounds run back to
// back, which keep a comparison readable when the machine drifts over the minutes of a run.
import { describe, expect, it } from 'vitest';
import { compare, comparisonTable, statsOf, type Round } from '../bench/http-report.js';

const round = (requestsPerSecond: number, cpuMsPerRequest = 1): Round => ({
  requestsPerSecond, p50: 10, p99: 20, total: requestsPerSecond * 10, non2xx: 0, errors: 0, statusCodes: { 200: requestsPerSecond * 10 },
  cpuMsPerRequest, databaseCpuMsPerRequest: Number.NaN,
});

describe('compare', () => {
  // The machine slows down and speeds up again; within each pair the subject is 5 % slower.
  const subject = [1900, 1330, 950, 1425, 1805].map((rps) => round(rps));
  const reference = [2000, 1400, 1000, 1500, 1900].map((rps) => round(rps));
  const comparison = compare('page', { label: 'on', stats: statsOf(subject) }, { label: 'off', stats: statsOf(reference) });

  it('divides the medians of the rounds', () => {
    expect(comparison.ratio.requestsPerSecond).toBeCloseTo(1425 / 1500, 6);
  });

  it('gives the median and range of the ratios of rounds run back to back', () => {
    expect(comparison.paired.requestsPerSecond.median).toBeCloseTo(0.95, 6);
    expect(comparison.paired.requestsPerSecond.min).toBeCloseTo(0.95, 6);
    expect(comparison.paired.requestsPerSecond.max).toBeCloseTo(0.95, 6);
    expect(comparison.paired.cpu.median).toBe(1);
  });

  it('leaves out a figure no round has (a latency where nothing completed)', () => {
    expect(Number.isNaN(comparison.paired.databaseCpu.median)).toBe(true);
  });
});

describe('comparisonTable', () => {
  it('prints the ratio of the medians and the paired ratios under each comparison', () => {
    const subject = [round(900), round(1100), round(1000)];
    const reference = [round(1000), round(1000), round(1000)];
    const text = comparisonTable([compare('page', { label: 'on', stats: statsOf(subject) }, { label: 'off', stats: statsOf(reference) })], 'on/off');
    const lines = text.split('\n');
    expect(lines.find((line) => line.includes('on/off'))).toMatch(/on\/off\s+1\.00×/);
    expect(lines.find((line) => line.includes('paired'))).toMatch(/paired\s+1\.00× \(0\.90–1\.10\)/);
  });

  it('prints no paired row for a single round', () => {
    const text = comparisonTable([compare('page', { label: 'on', stats: statsOf([round(900)]) }, { label: 'off', stats: statsOf([round(1000)]) })], 'on/off');
    expect(text).not.toMatch(/^\s+paired/m);
  });
});
