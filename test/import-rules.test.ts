// The house's import rules (scripts/check-imports.mjs, run by CI): no cycles, arrows point down.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no type declarations.
import { checkImports } from '../scripts/check-imports.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** A throwaway tree with the given files (path → source). */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imports-'));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe('scripts/check-imports.mjs', () => {
  it('finds no cycle and no upward import in this repository', () => {
    const { files, findings } = checkImports(root);
    expect(findings).toEqual([]);
    expect(files).toBeGreaterThan(50);
  });

  it('fails on a cycle, type-only imports included', () => {
    const dir = tree({
      'src/auth/a.ts': "import type { B } from './b.js';\nexport type A = B;\n",
      'src/auth/b.ts': "import {\n  a,\n} from './a.js';\nexport const b = a;\n",
    });
    expect(checkImports(dir).findings).toEqual(['import cycle: src/auth/b.ts → src/auth/a.ts']);
  });

  it('fails on an import that points up a layer', () => {
    const dir = tree({
      'src/request/principal.ts': "import type { Context } from '../graphql/context.js';\n",
      'src/graphql/context.ts': 'export interface Context {}\n',
    });
    expect(checkImports(dir).findings).toEqual(['src/request/principal.ts imports src/graphql/context.ts, a layer above it']);
  });

  it('fails when the REST layer reaches past GraphQL into the server', () => {
    const dir = tree({
      'rest-shim/scoutmon/assets.ts': "import { openDatabase } from '../../src/db/database.js';\n",
      'src/db/database.ts': 'export const openDatabase = 1;\n',
    });
    expect(checkImports(dir).findings).toEqual([
      'rest-shim/scoutmon/assets.ts imports src/db/database.ts: the REST layer may import only src/request/, src/errors.ts, rest-shim/',
    ]);
  });
});
