import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import {
  DateResolver, DateTimeResolver, EmailAddressResolver, JSONObjectResolver, LatitudeResolver,
  LongitudeResolver, URLResolver, UUIDResolver,
} from 'graphql-scalars';
import { builder } from '../builder.js';

/**
 * A graphql-scalars type whose every parse failure is a BAD_USER_INPUT GraphQLError (some throw a
 * plain TypeError, which would be masked as a server error). With intAsFloat, `lat: 10` is accepted.
 */
function strictInput<T extends GraphQLScalarType>(scalar: T, { intAsFloat = false } = {}): T {
  const rethrow = (error: unknown): never => {
    if (error instanceof GraphQLError && error.extensions?.code) throw error;
    throw new GraphQLError(`Invalid ${scalar.name}: ${error instanceof Error ? error.message : String(error)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  };
  const config = scalar.toConfig();
  return new GraphQLScalarType({
    ...config,
    parseValue(value) {
      try {
        return config.parseValue!(value);
      } catch (error) {
        return rethrow(error);
      }
    },
    parseLiteral(ast, variables) {
      try {
        const literal = intAsFloat && ast.kind === Kind.INT ? { ...ast, kind: Kind.FLOAT as const } : ast;
        return config.parseLiteral!(literal, variables);
      } catch (error) {
        return rethrow(error);
      }
    },
  }) as T;
}

builder.addScalarType('DateTime', strictInput(DateTimeResolver));
builder.addScalarType('Date', strictInput(DateResolver));
builder.addScalarType('EmailAddress', strictInput(EmailAddressResolver));
builder.addScalarType('URL', strictInput(URLResolver));
builder.addScalarType('UUID', strictInput(UUIDResolver));
builder.addScalarType('JSONObject', strictInput(JSONObjectResolver));
builder.addScalarType('Latitude', strictInput(LatitudeResolver, { intAsFloat: true }));
builder.addScalarType('Longitude', strictInput(LongitudeResolver, { intAsFloat: true }));

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
