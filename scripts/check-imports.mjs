// The import rules of the house, as a check CI runs (`npm run check:imports`): no import cycles
// among our modules (type-only imports included), and arrows point down the layers of
// ARCHITECTURE.md. Exit 1 with each finding on its own line; 0 when the tree is clean.
// Usage: node scripts/check-imports.mjs [ROOT]   (ROOT defaults to the repository)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every .ts file under `dirs` (generated code excluded) with the files it imports. */
export function importGraph(root, dirs = ['src', 'rest-shim']) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'generated') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.m?ts$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  const known = new Set(files);
  const edges = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const base = resolve(dirname(file), match[1] ?? match[2] ?? match[3]);
      const candidate = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')].find((path) => known.has(path));
      if (candidate) targets.add(candidate);
    }
    edges.set(file, [...targets]);
  }
  return edges;
}

/** Strongly connected components of more than one file (Tarjan): each is an import cycle. */
export function cyclesOf(edges) {
  let counter = 0;
  const index = new Map(), low = new Map(), onStack = new Set(), stack = [], cycles = [];
  const visit = (file) => {
    index.set(file, counter); low.set(file, counter); counter++;
    stack.push(file); onStack.add(file);
    for (const next of edges.get(file)) {
      if (!index.has(next)) { visit(next); low.set(file, Math.min(low.get(file), low.get(next))); }
      else if (onStack.has(next)) low.set(file, Math.min(low.get(file), index.get(next)));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = [];
    let member;
    do { member = stack.pop(); onStack.delete(member); component.push(member); } while (member !== file);
    if (component.length > 1 || edges.get(file).includes(file)) cycles.push(component);
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

// Layers, bottom first: a module may import its own layer and the ones below, never one above.
// The top (app, main, cli, context factory, demo data, seeding) composes everything.
const LAYERS = [
  ['src/request/'],
  ['src/errors.ts'],
  ['src/generated/', 'src/crypto/', 'src/db/', 'src/config.ts'],
  ['src/cost/', 'src/audit/', 'src/auth/', 'src/webhooks/', 'src/live/'],
  ['src/domain/'],
  ['src/graphql/'],
  ['src/yoga/'],
  ['rest-shim/'],
];
// The REST dialects call GraphQL operations only: below them they see the request layer and errors.
const REST_MAY_IMPORT = ['src/request/', 'src/errors.ts', 'rest-shim/'];

const layerOf = (path) => LAYERS.findIndex((prefixes) => prefixes.some((prefix) => path.startsWith(prefix)));

/** Imports that point up a layer, or from the REST layer into the server's internals. */
export function layerViolations(root, edges) {
  const violations = [];
  for (const [file, targets] of edges) {
    const from = relative(root, file);
    for (const target of targets) {
      const to = relative(root, target);
      const fromLayer = layerOf(from);
      const toLayer = layerOf(to);
      if (from.startsWith('rest-shim/') && !REST_MAY_IMPORT.some((prefix) => to.startsWith(prefix))) {
        violations.push(`${from} imports ${to}: the REST layer may import only ${REST_MAY_IMPORT.join(', ')}`);
      } else if (fromLayer !== -1 && (toLayer === -1 || toLayer > fromLayer)) {
        violations.push(`${from} imports ${to}, a layer above it`);
      }
    }
  }
  return violations;
}

export function checkImports(root) {
  const edges = importGraph(root);
  const cycles = cyclesOf(edges).map((cycle) => `import cycle: ${cycle.map((file) => relative(root, file)).join(' → ')}`);
  return { files: edges.size, findings: [...cycles, ...layerViolations(root, edges)] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const { files, findings } = checkImports(root);
  for (const finding of findings) console.log(finding);
  console.log(`${findings.length} import problem(s) among ${files} files`);
  process.exit(findings.length ? 1 : 0);
}
