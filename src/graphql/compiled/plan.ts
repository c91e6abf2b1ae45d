// A query operation compiled to one SQL statement that returns its `data` as JSON text — or null
// when any part of it is not compiled, so normal execution answers it. Plans are cached per
// document, operation name and the values of the variables @include/@skip read.
import {
  Kind, getOperationAST, getVariableValues, visit,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../context.js';
import { scopesOf } from '../builder.js';
import type { SchemaFacts } from './prisma-facts.js';
import type { OneRowStatement } from '../../auth/known-keys.js';
import { compileFirstPage, compileRoot, type Root } from './roots.js';
import { collectFields, jsonObject, jsonText, literal, otherDirective, unsupported, type Operation } from './selection.js';
import { noteOwnCost, type Compiler, type State } from './sql-object.js';
import type { AfterStatement } from './resolved-fields.js';

interface Plan {
  /**
   * The statement; throws Unsupported when these arguments are not compiled. It reads the variables,
   * the principal's organization, user and role, and the app's constants (the cipher) — nothing else,
   * so the same inputs give the same statement (`rendered` keeps the latest few).
   */
  render: (state: State) => OneRowStatement;
  rendered?: Map<string, CompiledRead | string>;
  /** Per root field: may this request read it (its authScopes pass)? */
  allowed(context: Context): boolean;
  exactText: boolean;
  costed: boolean;
}

/** The statement of one request: SQL and its parameters ($1 the organization); shared by requests with the same inputs. */
export interface CompiledRead extends OneRowStatement {
  readonly sql: string;
  /** Shared by every request with the same inputs: never modified. */
  readonly params: (string | null)[];
  /** The statement's text is the response's `data` byte for byte (compact JSON, no jsonb text in it). */
  readonly exactText: boolean;
  /**
   * The statement's second column is what its answer costs (src/cost/query-cost.ts actualCost of
   * the data), counted in SQL: the limiter need not price the text.
   */
  readonly costed: boolean;
  /** Fields resolved once the statement has answered (./resolved-fields.ts): parse with parseResolvingAfter. */
  readonly afterStatement: readonly AfterStatement[];
}

type Scopes = ReturnType<typeof scopesOf>;

/** A root field's authScopes as a check, when it is the simple form `{ scope: true, … }` (any of them). */
function scopeCheck(authScopes: unknown): (scopes: Scopes) => boolean {
  if (authScopes === undefined) return () => true;
  if (!authScopes || typeof authScopes !== 'object') return unsupported('authScopes that are not a map');
  const names = Object.entries(authScopes).map(([name, value]) =>
    (value === true && !name.startsWith('$') ? name : unsupported(`authScope ${name}`)) as keyof Scopes);
  return (scopes) => names.some((name) => scopes[name] === true);
}

function compile(schema: GraphQLSchema, facts: SchemaFacts, op: Operation, operation: OperationDefinitionNode): Plan {
  const queryType = schema.getQueryType() ?? unsupported('no Query type');
  if ((queryType.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes) unsupported('Query has authScopes');
  let next = 0;
  const c: Compiler = { op, facts, alias: () => `t${next++}`, nestedField: compileFirstPage };
  const parts: [string, Root][] = [];
  const checks: ((scopes: Scopes) => boolean)[] = [];
  for (const selected of collectFields(op, queryType, [operation.selectionSet])) {
    if (selected.name === '__typename') {
      const sql = literal(JSON.stringify(queryType.name));
      parts.push([selected.key, { render: () => sql, withCost: undefined }]);
      continue;
    }
    const field = queryType.getFields()[selected.name] ?? unsupported(`Query.${selected.name}`);
    const extensions = field.extensions as { pothosOptions?: { authScopes?: unknown }; pothosArgMappers?: unknown[] };
    if (extensions.pothosArgMappers?.length) unsupported(`Query.${field.name} maps its arguments`);
    checks.push(scopeCheck(extensions.pothosOptions?.authScopes));
    // A batch's items are charged as the walk over the answer charges them: not counted in SQL.
    if ((field.extensions as { costPerItemOf?: unknown }).costPerItemOf !== undefined) c.uncosted = true;
    noteOwnCost(c, field);
    const root = compileRoot(c, field, selected);
    if (!root.withCost) c.uncosted = true;
    parts.push([selected.key, root]);
  }
  if (!checks.length) unsupported('no data fields');
  const exactText = !c.spacedJson && !c.resolvesAfter;
  // The cost is counted where the limiter would price the text (not when the text is parsed anyway).
  const costed = exactText && !c.uncosted;
  const plain = (state: State) => ({ columns: jsonObject(parts.map(([key, root]) => [key, root.render(state)])), rest: '' });
  // Each root field a subquery joined to one row: its text and its cost, summed.
  const withCost = (state: State) => {
    const joined: string[] = [];
    const costs: string[] = ['0'];
    const json = jsonObject(parts.map(([key, root]) => {
      if (!root.withCost) return [key, root.render(state)];
      const x = `x${joined.push(` LEFT JOIN LATERAL ${root.withCost(state)} x${joined.length} ON true`) - 1}`;
      costs.push(`COALESCE(${x}.k, 0)`);
      return [key, jsonText(`${x}.j`)];
    }));
    return { columns: `${json}, (${costs.join(' + ')})::text`, rest: ` FROM (SELECT 1) o${joined.join('')}` };
  };
  return {
    render: (state) => {
      const { columns, rest } = costed ? withCost(state) : plain(state);
      return { sql: `SELECT ${columns}${rest}`, columns, rest };
    },
    exactText,
    costed,
    allowed: (context) => {
      const scopes = scopesOf(context);
      return checks.every((check) => check(scopes));
    },
  };
}

/** The variables @include/@skip read anywhere in a document (they change what is selected). */
function directiveVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(node) {
      for (const argument of node.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names];
}

interface DocumentPlans {
  directiveVariables: string[];
  /** A directive the compiler does not take on (only @include/@skip are), e.g. @defer. */
  otherDirective: string | undefined;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Per operation name and directive variables: the plan, or why there is none. */
  plans: Map<string, Plan | string>;
}

const cache = new WeakMap<DocumentNode, DocumentPlans>();

function plansOf(document: DocumentNode): DocumentPlans {
  let entry = cache.get(document);
  if (!entry) {
    const fragments = Object.fromEntries(document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : []));
    entry = { directiveVariables: directiveVariables(document), otherDirective: otherDirective(document), fragments, plans: new Map() };
    cache.set(document, entry);
  }
  return entry;
}

export interface CompileInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  context: Context;
}

/** The statement answering this request, or why normal execution answers it instead. */
export function planRead({ schema, document, operationName, variableValues, context }: CompileInput, facts: SchemaFacts): CompiledRead | string {
  const principal = context.principal;
  if (!principal) return 'no principal';
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return 'not a query';
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
  if (coerced.errors) return 'variables that do not coerce';
  const variables = coerced.coerced;
  const entry = plansOf(document);
  if (entry.otherDirective) return `directive @${entry.otherDirective}`;
  // Without directive variables, the operation's name alone (a name never starts with '[').
  const key = entry.directiveVariables.length
    ? JSON.stringify([operationName ?? null, ...entry.directiveVariables.map((name) => variables[name] ?? null)])
    : operationName ?? '';
  let plan = entry.plans.get(key);
  if (plan === undefined) {
    try {
      plan = compile(schema, facts, { schema, fragments: entry.fragments, variables }, operation);
    } catch (error) {
      // Unsupported (or unexpected) shapes: normal execution answers this document from now on.
      plan = (error as Error).message;
    }
    entry.plans.set(key, plan);
  }
  if (typeof plan === 'string') return plan;
  if (!plan.allowed(context)) return 'authScopes not granted';
  // The same statement for the same inputs: rendering it again is most of a compiled read's own CPU
  // (strings of a few kB), and a new string is hashed again on every statement-name lookup.
  plan.rendered ??= new Map();
  const inputs = `${principal.organizationId}\n${principal.userId}\n${principal.role}\n${JSON.stringify(variables)}`;
  let read = plan.rendered.get(inputs);
  if (read === undefined) {
    read = render(plan, { params: [principal.organizationId], variables, context, afterStatement: [] });
    if (plan.rendered.size >= RENDERED_PER_PLAN) plan.rendered.delete(plan.rendered.keys().next().value!);
    plan.rendered.set(inputs, read);
  }
  return read;
}

const RENDERED_PER_PLAN = 16;

function render(plan: Plan, state: State): CompiledRead | string {
  try {
    return { ...plan.render(state), params: state.params, exactText: plan.exactText, costed: plan.costed, afterStatement: state.afterStatement };
  } catch (error) {
    // Unsupported arguments, or arguments normal execution refuses with its own error.
    return (error as Error).message;
  }
}

/** The statement answering this request, or null: normal execution answers it. */
export function compileRead(input: CompileInput, facts: SchemaFacts): CompiledRead | null {
  const read = planRead(input, facts);
  return typeof read === 'string' ? null : read;
}
