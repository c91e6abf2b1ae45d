// Compiled reads: a query whose whole selection the compiler takes on (src/graphql/compiled) is
// answered by ONE SQL statement that builds its JSON in PostgreSQL, instead of resolvers and
// Prisma. Composed after the credential, plan and cost plugins, so they run as for any request;
// anything not compiled (or a statement that fails) goes to normal execution unchanged. The
// statement's JSON text is the response's `data` as it is (./use-json-text-results.ts sends it).
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { statementWithKeyState } from '../auth/known-keys.js';
import type { Database } from '../db/database.js';
import { sqlStateOf } from '../db/driver-error.js';
import { runTimeStatements } from '../db/prepared-statements.js';
import type { Context } from '../graphql/context.js';
import { compileRead, type CompiledRead, type CompileInput } from '../graphql/compiled/plan.js';
import { schemaFactsOf, type SchemaFacts } from '../graphql/compiled/prisma-facts.js';
import { parseResolvingAfter } from '../graphql/compiled/resolved-fields.js';
import { jsonTextResult } from './use-json-text-results.js';

// SQLSTATE classes a statement's own text causes (42: syntax or undefined object, 0A: not
// supported): the same text fails every time, whatever its parameters or the database's state.
const DEFECT_CLASSES = new Set(['42', '0A']);
const REFUSED_TEXTS = 256;
const ANSWERED_TEXTS = 1_000;

/** Why a statement failed: for the log, with whether it is refused from now on (its text is at fault). */
export type CompiledReadFailure = (error: unknown, refused: boolean) => void;

/** The compiler over one database: compiles operations, runs their statements, knows which documents it answered. */
export class CompiledReads {
  // Texts that failed by their own fault: their operations go to normal execution without a try
  // (and a log line) each. Bounded; any other failure (connection, timeout) is tried again.
  private readonly refused = new Set<string>();
  // Query texts a compiled read answered, with their (parsed, validated) documents: ./use-direct-reads.ts.
  private readonly answered = new Map<string, DocumentNode>();

  private constructor(private readonly db: Database, private readonly facts: SchemaFacts, private readonly onFailure: CompiledReadFailure) {}

  /** Null when the database's client carries no schema the compiler can read. */
  static over(db: Database, onFailure: CompiledReadFailure = () => {}): CompiledReads | null {
    const facts = schemaFactsOf(db.prisma);
    return facts ? new CompiledReads(db, facts, onFailure) : null;
  }

  /** The operation's statement, or null when any part of it is not compiled (or its text was refused). Throws what the compiler throws. */
  compile(input: CompileInput): CompiledRead | null {
    // The facts apart from the input: a copy of the input with them was 1 % of a direct read's CPU.
    const read = compileRead(input, this.facts);
    return read && !this.refused.has(read.sql) ? read : null;
  }

  /** Remembers that `text` (a query document's text) was answered by a compiled read. */
  noteAnswered(text: string, document: DocumentNode): void {
    if (this.answered.size >= ANSWERED_TEXTS) this.answered.delete(this.answered.keys().next().value!);
    this.answered.set(text, document);
  }

  /** The document of a query text a compiled read answered before (the same object yoga's parse cache holds). */
  answeredDocument(text: string): DocumentNode | undefined {
    return this.answered.get(text);
  }

  /**
   * The statement and its answer; undefined when normal execution is to answer instead (the
   * statement failed, the key's state changed, a field resolved after it failed).
   */
  async answer(read: CompiledRead, context: Context): Promise<ExecutionResult | undefined> {
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
      [row] = await this.db.queryText(sql, credential ? [...read.params, credential.secretHash] : read.params);
    } catch (error) {
      // Normal execution answers (and reports to the client) whatever made the statement fail.
      const defect = DEFECT_CLASSES.has(sqlStateOf(error)?.slice(0, 2) ?? '') && this.refused.size < REFUSED_TEXTS;
      if (defect) this.refused.add(read.sql);
      this.onFailure(error, defect);
      return undefined;
    }
    // The answer, its cost when counted (plan.ts), the key's state when read: in that order.
    const [text, cost] = row;
    const keyState = credential ? row[read.costed ? 2 : 1] ?? null : null;
    // Changed: no answer from this run (use-credential-confirmation.ts runs the operation again).
    if (credential && !credential.settle(keyState)) return undefined;
    if (typeof text !== 'string') return undefined;
    if (read.exactText) return jsonTextResult(text, read.costed ? Number(cost) : undefined);
    try {
      return { data: parseResolvingAfter(text, read.afterStatement, context) };
    } catch {
      // A resolver that fails after the statement: normal execution answers and reports it.
      return undefined;
    }
  }
}

export function useCompiledReads(reads: CompiledReads): Plugin<Context> {
  return {
    // Not async: an operation that is not compiled ({ __typename }, mutations, most REST
    // operations) goes on synchronously, without a promise and a microtask hop of its own.
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Context & { params?: GraphQLParams };
      let read;
      try {
        read = reads.compile({
          schema: args.schema,
          document: args.document,
          operationName: args.operationName,
          variableValues: args.variableValues as Record<string, unknown> | undefined,
          context,
        });
      } catch (error) {
        return Promise.reject(error); // as the async hook did
      }
      if (!read) return;
      return reads.answer(read, context).then((result) => {
        if (!result) return;
        const text = context.params?.query;
        if (text) reads.noteAnswered(text, args.document);
        setResultAndStopExecution(result);
      });
    },
  };
}
