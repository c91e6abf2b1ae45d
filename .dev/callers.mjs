// node .dev/callers.mjs DIR fnName : self time of fnName by caller chain (3 up)
import { readdirSync, readFileSync } from 'node:fs';
const [dir, fn, depth = '4'] = process.argv.slice(2);
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const p = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const dt = p.timeDeltas; let total = 0;
p.samples.forEach((id, i) => { self.set(id, (self.get(id) ?? 0) + dt[i]); total += dt[i]; });
const agg = new Map();
for (const n of p.nodes) {
  if (n.callFrame.functionName !== fn) continue;
  const chain = []; let cur = parent.get(n.id);
  for (let i = 0; i < Number(depth) && cur; i++) { const c = byId.get(cur).callFrame; chain.push(`${c.functionName}@${c.url.split('/').slice(-2).join('/')}:${c.lineNumber}`); cur = parent.get(cur); }
  const k = chain.join(' < ');
  agg.set(k, (agg.get(k) ?? 0) + (self.get(n.id) ?? 0));
}
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((100 * v / total).toFixed(1) + '%', k);
