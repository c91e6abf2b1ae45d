// Compiled reads: a query whose whole selection the compiler takes on (src/graphql/compiled) is
// answered by ONE SQL statement that builds its JSON in PostgreSQL, instead of resolvers and
// Prisma. Composed after the credential, plan and cost plugins, so they run as for any request;
// anything not compiled (or a statement that fails) goes to normal execution unchanged. The
// statement's JSON text is the response's `data` as it is (./use-json-text-results.ts sends it).
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { statementWithKeyState } from '../auth/known-keys.js';
import type { Database } from '../db/database.js';
import { sqlStateOf } from '../db/driver-error.js';
import { runTimeStatements } from '../db/prepared-statements.js';
import type { Context } from '../graphql/context.js';
import { compileRead, type CompiledRead } from '../graphql/compiled/plan.js';
import { schemaFactsOf } from '../graphql/compiled/prisma-facts.js';
import { parseResolvingAfter } from '../graphql/compiled/resolved-fields.js';
import { jsonTextResult } from './use-json-text-results.js';

// SQLSTATE classes a statement's own text causes (42: syntax or undefined object, 0A: not
// supported): the same text fails every time, whatever its parameters or the database's state.
const DEFECT_CLASSES = new Set(['42', '0A']);
const REFUSED_TEXTS = 256;

/**
 * `onFailure`: a statement that failed (answered by normal execution instead), for the log, with
 * whether it is refused from now on (its text is at fault: it is not sent again by this process).
 */
export function useCompiledReads(db: Database, onFailure: (error: unknown, refused: boolean) => void = () => {}): Plugin<Context> {
  const facts = schemaFactsOf(db.prisma);
  if (!facts) return {};
  // Texts that failed by their own fault: their operations go to normal execution without a try
  // (and a log line) each. Bounded; any other failure (connection, timeout) is tried again.
  const refused = new Set<string>();
  // The statement and its answer; only a compiled read gets here (and pays for a promise).
  async function answer(read: CompiledRead, setResultAndStopExecution: (result: ExecutionResult) => void, context: Context) {
    // A known key's state read in the same statement: no statement of its own for the credential.
    // ($1 is the principal's organization in every compiled statement: the key must be that
    // organization's, and a statement answering from constants alone still uses $1, which
    // PostgreSQL would otherwise refuse as a parameter it cannot type.)
    const credential = context.credential?.status === 'provisional' ? context.credential : undefined;
    const sql = credential ? statementWithKeyState(read, read.params.length) : read.sql;
    let row: (string | null)[];
    runTimeStatements.prepare(sql);
    try {
      // Straight to pg on PostgreSQL: the statement's columns are text.
      [row] = await db.queryText(sql, credential ? [...read.params, credential.secretHash] : read.params);
    } catch (error) {
      // Normal execution answers (and reports to the client) whatever made the statement fail.
      const defect = DEFECT_CLASSES.has(sqlStateOf(error)?.slice(0, 2) ?? '') && refused.size < REFUSED_TEXTS;
      if (defect) refused.add(read.sql);
      onFailure(error, defect);
      return;
    }
    // The answer, its cost when counted (plan.ts), the key's state when read: in that order.
    const [text, cost] = row;
    const keyState = credential ? row[read.costed ? 2 : 1] ?? null : null;
    // Changed: no answer from this run (use-credential-confirmation.ts runs the operation again).
    if (credential && !credential.settle(keyState)) return;
    if (typeof text !== 'string') return;
    if (read.exactText) return setResultAndStopExecution(jsonTextResult(text, read.costed ? Number(cost) : undefined));
    let data: Record<string, unknown>;
    try {
      data = parseResolvingAfter(text, read.afterStatement, context);
    } catch {
      // A resolver that fails after the statement: normal execution answers and reports it.
      return;
    }
    setResultAndStopExecution({ data });
  }
  return {
    // Not async: an operation that is not compiled ({ __typename }, mutations, most REST
    // operations) goes on synchronously, without a promise and a microtask hop of its own.
    onExecute({ args, setResultAndStopExecution }) {
      let read;
      try {
        read = compileRead({
          schema: args.schema,
          facts,
          document: args.document,
          operationName: args.operationName,
          variableValues: args.variableValues as Record<string, unknown> | undefined,
          context: args.contextValue as Context,
        });
      } catch (error) {
        return Promise.reject(error); // as the async hook did
      }
      if (!read || refused.has(read.sql)) return;
      return answer(read, setResultAndStopExecution, args.contextValue as Context);
    },
  };
}
