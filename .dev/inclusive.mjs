// node .dev/inclusive.mjs DIR [filter]: inclusive time per function (excluding writev/idle/GC samples), % of on-CPU samples
import { readdirSync, readFileSync } from 'node:fs';
const [dir, filter = ''] = process.argv.slice(2);
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const p = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const skip = new Set(['writev', '(idle)', '(program)']);
const incl = new Map(); let total = 0; let gc = 0;
p.samples.forEach((id, i) => {
  const n = byId.get(id); const dt = p.timeDeltas[i];
  if (skip.has(n.callFrame.functionName)) return;
  total += dt;
  if (n.callFrame.functionName === '(garbage collector)') { gc += dt; return; }
  const seen = new Set(); let cur = id;
  while (cur) { const c = byId.get(cur).callFrame; const k = `${c.functionName}@${c.url.replace(/.*node_modules\//, '').replace(/.*\/(src|dist)\//, '$1/')}:${c.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + dt); } cur = parent.get(cur); }
});
console.log('on-CPU ms', (total / 1000).toFixed(0), 'GC', (100 * gc / total).toFixed(1) + '%');
for (const [k, v] of [...incl].filter(([k]) => k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 60))) console.log((100 * v / total).toFixed(1).padStart(5) + '%', k);
