// `npm run schema:print`: writes schema/schema.graphql from the code (committed; a test checks it).
import { mkdir, writeFile } from 'node:fs/promises';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { schema } from './schema.js';

export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv[1]?.endsWith('print-schema.ts')) {
  await mkdir('schema', { recursive: true });
  await writeFile('schema/schema.graphql', printedSchema());
  console.log('wrote schema/schema.graphql');
}
