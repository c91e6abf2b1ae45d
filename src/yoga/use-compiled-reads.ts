// Compiled reads: a query whose whole selection the compiler takes on (src/graphql/compiled) is
// answered by ONE SQL statement that builds its JSON in PostgreSQL, instead of resolvers and
// Prisma. Composed after the credential, plan and cost plugins, so they run as for any request;
// anything not compiled (or a statement that fails) goes to normal execution unchanged. The
// statement's JSON text is the response's `data` as it is (./use-json-text-results.ts sends it).
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import { runTimeStatements } from '../db/prepared-statements.js';
import type { Context } from '../graphql/context.js';
import { compileRead } from '../graphql/compiled/plan.js';
import { schemaFactsOf } from '../graphql/compiled/prisma-facts.js';
import { parseResolvingAfter } from '../graphql/compiled/resolved-fields.js';
import { jsonTextResult } from './use-json-text-results.js';

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
      runTimeStatements.prepare(read.sql);
      try {
        [[text]] = await db.queryWithArgs(read.sql, read.params);
      } catch (error) {
        // Normal execution answers (and reports to the client) whatever made the statement fail.
        onFailure(error);
        return;
      }
      if (typeof text !== 'string') return;
      if (read.exactText) return setResultAndStopExecution(jsonTextResult(text));
      let data: Record<string, unknown>;
      try {
        data = parseResolvingAfter(text, read.afterStatement, args.contextValue);
      } catch {
        // A resolver that fails after the statement: normal execution answers and reports it.
        return;
      }
      setResultAndStopExecution({ data });
    },
  };
}

