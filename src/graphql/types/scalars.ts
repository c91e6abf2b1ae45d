import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import {
  DateResolver, DateTimeResolver, EmailAddressResolver, JSONObjectResolver, LatitudeResolver,
  LongitudeResolver, URLResolver, UUIDResolver,
} from 'graphql-scalars';
import { builder } from '../builder.js';

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('Date', DateResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('URL', URLResolver);
builder.addScalarType('UUID', UUIDResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
builder.addScalarType('Latitude', LatitudeResolver);
builder.addScalarType('Longitude', LongitudeResolver);

// Money as an exact decimal string ("2499.00"); accepts a number or a string on input.
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;
function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw new GraphQLError(
      `Decimal must be a non-negative amount with at most 12 digits and 2 decimals, got ${JSON.stringify(value)}`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return text;
}

builder.addScalarType(
  'Decimal',
  new GraphQLScalarType<string, string>({
    name: 'Decimal',
    description: 'An exact non-negative amount with 2 decimal places, serialized as a string ("2499.00").',
    serialize: (value) => {
      if (value && typeof (value as { toFixed?: unknown }).toFixed === 'function') {
        return (value as { toFixed(n: number): string }).toFixed(2);
      }
      return Number(value).toFixed(2);
    },
    parseValue: parseDecimal,
    parseLiteral: (ast) => {
      if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT || ast.kind === Kind.STRING) return parseDecimal(ast.value);
      throw new GraphQLError('Decimal must be a number or a numeric string', { extensions: { code: 'BAD_USER_INPUT' } });
    },
  }),
);
