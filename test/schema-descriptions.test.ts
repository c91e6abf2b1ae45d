import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { undescribedElements } from './support/undescribed.js';

describe('schema descriptions (GraphiQL docs)', () => {
  it('describes every type, field, argument, input field and enum value the code builds', () => {
    const missing = undescribedElements(schema);
    expect(missing, `${missing.length} schema element(s) without a description — add \`description\` in src/graphql:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it('finds what is missing, down to arguments and enum values', () => {
    const sdl = `
      """A thing."""
      type Query { """Described."""
        thing(id: ID, """Described.""" name: String): Thing
        bare: Boolean }
      type Thing { """Described.""" id: ID }
      """An input."""
      input ThingInput { """Described.""" a: Int b: Int }
      """An enum."""
      enum Kind { """Described.""" A B }
      directive @tagged(reason: String) on FIELD_DEFINITION
    `;
    expect(undescribedElements(buildSchema(sdl))).toEqual([
      '@tagged', '@tagged(reason:)', 'Kind.B', 'Query.bare', 'Query.thing(id:)', 'Thing', 'ThingInput.b',
    ]);
  });
});
