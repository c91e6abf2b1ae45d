// Compiled reads: a query whose whole selection the compiler takes on (src/graphql/compiled) is
// answered by ONE SQL statement that builds its JSON in PostgreSQL, instead of resolvers and
// Prisma. Composed after the credential, plan and cost plugins, so they run as for any request;
// anything not compiled (or a statement that fails) goes to normal execution unchanged.
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import type { Context } from '../graphql/context.js';
import { compileRead } from '../graphql/compiled/plan.js';
import { schemaFactsOf } from '../graphql/compiled/prisma-facts.js';

/** `onFailure`: a statement that failed (answered by normal execution instead), for the log. */
export function useCompiledReads(db: Database, onFailure: (error: unknown) => void = () => {}): Plugin<Context> {
  const facts = schemaFactsOf(db.prisma);
  if (!facts) return {};
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const read = compileRead({
        schema: args.schema,
        facts,
        document: args.document,
        operationName: args.operationName,
        variableValues: args.variableValues as Record<string, unknown> | undefined,
        context: args.contextValue as Context,
      });
      if (!read) return;
      let text: unknown;
      try {
        [[text]] = await db.queryWithArgs(read.sql, read.params);
      } catch (error) {
        // Normal execution answers (and reports to the client) whatever made the statement fail.
        onFailure(error);
        return;
      }
      if (typeof text !== 'string') return;
      setResultAndStopExecution(read.exactText ? resultOfJsonText(text) : { data: JSON.parse(text) as Record<string, unknown> });
    },
  };
}

/**
 * The result over the statement's JSON text (compact, as JSON.stringify writes it): `data` is
 * parsed only when a plugin reads it; otherwise yoga's serialiser (it calls `result.stringify`)
 * sends the text PostgreSQL built, saving a parse and a stringify of every page.
 */
function resultOfJsonText(text: string): ExecutionResult {
  let data: Record<string, unknown> | undefined;
  const result: ExecutionResult = {};
  Object.defineProperty(result, 'data', {
    enumerable: true,
    configurable: true,
    get: () => (data ??= JSON.parse(text) as Record<string, unknown>),
    set: (value: Record<string, unknown>) => { data = value; },
  });
  // Non-enumerable: never part of the response. Untouched means no plugin read data or added errors/extensions.
  Object.defineProperty(result, 'stringify', {
    value: (value: unknown) => (value === result && data === undefined && !result.errors && !result.extensions ? `{"data":${text}}` : JSON.stringify(value)),
  });
  return result;
}
