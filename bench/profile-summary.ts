// Self time of a V8 .cpuprofile by frame and by package, frames of the bundle (dist/*.js) mapped
// back through its source map to the package or our source file they came from.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface ProfileSummary {
  totalMs: number;
  /** Share of samples not idle. */
  busy: number;
  frames: { name: string; where: string; group: string; ms: number; share: number }[];
  groups: { group: string; ms: number; share: number }[];
}

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = fileURLToPath(url);
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch { /* no map: leave the frame as it is */ }
    maps.set(url, map);
  }
  return maps.get(url)!;
}

/** Package of a path inside node_modules (with graphql-js split by phase), or our own file. */
function groupOf(source: string): string {
  const at = source.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = source.slice(at + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (name === 'graphql') return `graphql/${parts[1]}`;
    if (name === '@prisma/client' || name === '.prisma') return `@prisma/client/${parts.slice(1).join('/').includes('runtime') ? 'runtime' : 'other'}`;
    return name;
  }
  const ours = /(?:^|\/)(src|rest-shim)\/(.+)$/.exec(source);
  if (ours) return ours[1] === 'rest-shim' ? 'rest-shim' : `src/${ours[2].split('/')[0].replace(/\.ts$/, '')}`;
  return source;
}

function locate(frame: CallFrame): { where: string; group: string } {
  const { url } = frame;
  if (!url) return { where: frame.functionName, group: frame.functionName.startsWith('(') ? frame.functionName : '(native)' };
  if (url.startsWith('node:')) return { where: url, group: 'node:internal' };
  if (url.startsWith('file:')) {
    const map = url.includes('/dist/') ? sourceMapOf(url) : null;
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    const source = entry?.originalSource ? entry.originalSource.replace(/^file:\/\//, '') : fileURLToPath(url);
    const line = entry?.originalSource ? entry.originalLine! + 1 : frame.lineNumber + 1;
    const shown = source.includes('node_modules/') ? source.slice(source.lastIndexOf('node_modules/') + 13) : path.relative(process.cwd(), source);
    return { where: `${shown}:${line}`, group: groupOf(source) };
  }
  return { where: url, group: url.startsWith('wasm') ? 'wasm' : url };
}

/** `window`: only samples taken between these monotonic times (µs, process.hrtime's clock, as V8 stamps samples). */
export function summarise(file: string, top = 40, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const frames = new Map<string, { name: string; where: string; group: string; us: number }>();
  const groups = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    total += us;
    if (callFrame.functionName === '(idle)') { idle += us; continue; }
    const { where, group } = locate(callFrame);
    const key = `${callFrame.functionName} ${where}`;
    const frame = frames.get(key) ?? { name: callFrame.functionName || '(anonymous)', where, group, us: 0 };
    frame.us += us;
    frames.set(key, frame);
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const busyUs = total - idle;
  const share = (us: number) => us / busyUs;
  return {
    totalMs: total / 1000,
    busy: busyUs / total,
    frames: [...frames.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ name: f.name, where: f.where, group: f.group, ms: f.us / 1000, share: share(f.us) })),
    groups: [...groups].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: us / 1000, share: share(us) })),
  };
}

export function printSummary(summary: ProfileSummary, topGroups = 25): string {
  const pct = (n: number) => `${(n * 100).toFixed(1).padStart(5)} %`;
  const lines = [`profile: ${(summary.totalMs / 1000).toFixed(1)} s, ${pct(summary.busy).trim()} busy; shares are of busy time`, '', 'by package / area:'];
  for (const g of summary.groups.slice(0, topGroups)) lines.push(`  ${pct(g.share)}  ${g.group}`);
  lines.push('', 'top frames (self time):');
  for (const f of summary.frames) lines.push(`  ${pct(f.share)}  ${f.name}  ${f.where}`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(printSummary(summarise(process.argv[2], Number(process.argv[3] ?? 40))));
}
