// defineRoute / defineListRoute: a route declared against its typed operation. The operation's
// generated types decide what `variables` must return and what `respond` (or `list`) receives;
// the declared query and body fields decide the types of `input.query` and `input.body`.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, type DocumentNode } from 'graphql';
import type { Dialect, PagedDialect } from './dialect.js';
import type { ExactVariables, VariablesMapping } from './exact-variables.js';
import type { OperationResult } from './execute-route.js';
import type { BodyOf, FieldSpecs, NoFields, QueryOf } from './field-specs.js';
import { parseBody, parseQuery } from './parse-fields.js';
import type { JsonSchema } from './json-schema.js';
import { notFound } from './rest-error.js';
import type { RestResponse, SuccessDoc } from './responses.js';
import type { Access, HttpMethod, RouteDeclaration, Served } from './route.js';
import type { PaidPlan } from '../src/request/principal.js';
import type { RequestHead } from '../src/request/request-info.js';

type Params = Readonly<Record<string, string>>;

export interface RouteInput<Query extends FieldSpecs, Body extends FieldSpecs> {
  /** Path parameters; declared path ids already translated by the dialect. */
  params: Params;
  query: QueryOf<Query>;
  body: BodyOf<Body>;
  /** The request's headers (e.g. Accept). */
  headers: RequestHead['headers'];
}

export interface ListInput<Query extends FieldSpecs, Window> {
  params: Params;
  query: QueryOf<Query>;
  /** The dialect's paging parameters as connection arguments (e.g. { first, offset }). */
  page: Window;
}

interface Declared {
  path: string;
  summary: string;
  access: Access;
  /** Path ids (name → entity): a malformed one answers 404 "<entity> not found". */
  pathIds?: Params;
  /** The plan this route needs, when more than its dialect's (checked before the operation runs). */
  minimumPlan?: PaidPlan;
}

export interface RouteSpec<Query extends FieldSpecs, Body extends FieldSpecs, Data, Variables, Mapping> extends Declared {
  method: HttpMethod;
  operation: TypedDocumentNode<Data, Variables>;
  query?: Query;
  body?: Body;
  variables: ExactVariables<RouteInput<Query, Body>, Mapping, Variables>;
  /** The answer from the operation's data; throw RestError to refuse (e.g. `found(data.asset, 'Asset')`). */
  respond(data: Data, input: RouteInput<Query, Body>): RestResponse;
  success: SuccessDoc;
}

/** A connection as the list operations select it. */
export interface Connection<Node> {
  totalCount: number;
  edges: ReadonlyArray<{ node: Node }>;
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null };
}

export interface ListRouteSpec<Query extends FieldSpecs, Data, Variables, Mapping, Node, Window> extends Declared {
  method: 'GET';
  operation: TypedDocumentNode<Data, Variables>;
  /** The route's own filters; the dialect adds its paging parameters. */
  query?: Query;
  variables: ExactVariables<ListInput<Query, Window>, Mapping, Variables>;
  /** The listed connection in the operation's data; throw RestError to refuse (e.g. a missing parent). */
  list(data: Data): Connection<Node> | null | undefined;
  /** One row of the list, in the dialect's shape. */
  item(node: Node): unknown;
  /** For the OpenAPI document: the dialect wraps `item` in its envelope. */
  success: { description: string; item: JsonSchema };
}

function operationName(operation: DocumentNode): string {
  const definition = operation.definitions.find((node) => node.kind === Kind.OPERATION_DEFINITION);
  if (!definition?.name) throw new Error('A route runs a named GraphQL operation');
  return definition.name.value;
}

/** The path parameters, each declared id translated by the dialect (or 404 "<entity> not found"). */
function resolvePathIds(dialect: Dialect, pathIds: Params | undefined, params: Params): Params {
  const resolved = { ...params };
  for (const [name, entity] of Object.entries(pathIds ?? {})) {
    const id = dialect.pathId(params[name] ?? '');
    if (id === null) throw notFound(entity);
    resolved[name] = id;
  }
  return resolved;
}

function served<Data>(result: OperationResult<Data>, respond: (data: Data) => RestResponse): Served {
  return {
    headers: result.headers,
    errors: result.errors?.length ? result.errors : undefined,
    answer() {
      if (result.data == null) throw new Error('The GraphQL answer has neither data nor errors');
      return respond(result.data);
    },
  };
}

export function defineRoute<
  const Query extends FieldSpecs = NoFields, const Body extends FieldSpecs = NoFields, Data = unknown, Variables = unknown,
  Mapping extends VariablesMapping<RouteInput<Query, Body>, Variables> = VariablesMapping<RouteInput<Query, Body>, Variables>,
>(dialect: Dialect, spec: RouteSpec<Query, Body, Data, Variables, Mapping>): RouteDeclaration {
  return {
    method: spec.method, path: spec.path, summary: spec.summary, access: spec.access, dialect, minimumPlan: spec.minimumPlan,
    operationName: operationName(spec.operation), pathIds: spec.pathIds, query: spec.query, body: spec.body, success: spec.success,
    async serve({ params, url, headers, readJson }, run) {
      const input: RouteInput<Query, Body> = {
        headers,
        params: resolvePathIds(dialect, spec.pathIds, params),
        query: parseQuery(spec.query, url.searchParams),
        body: await parseBody(spec.body, readJson),
      };
      return served(await run(spec.operation, spec.variables(input)), (data) => spec.respond(data, input));
    },
  };
}

/** A GET listing a connection: the dialect pages it (its parameters, its envelope, its headers). */
export function defineListRoute<
  const Query extends FieldSpecs = NoFields, Data = unknown, Variables = unknown, Node = unknown, Paging extends FieldSpecs = NoFields, Window = unknown,
  Mapping extends VariablesMapping<ListInput<Query, Window>, Variables> = VariablesMapping<ListInput<Query, Window>, Variables>,
>(dialect: PagedDialect<Paging, Window>, spec: ListRouteSpec<Query, Data, Variables, Mapping, Node, Window>): RouteDeclaration {
  const { paging } = dialect;
  return {
    method: spec.method, path: spec.path, summary: spec.summary, access: spec.access, dialect,
    operationName: operationName(spec.operation), pathIds: spec.pathIds, query: { ...spec.query, ...paging.params },
    success: { status: 200, description: spec.success.description, schema: paging.bodySchema(spec.success.item), headers: paging.headers },
    async serve({ params, url }, run) {
      const resolved = resolvePathIds(dialect, spec.pathIds, params);
      const query = parseQuery(spec.query, url.searchParams);
      const pageParams = parseQuery(paging.params, url.searchParams);
      const variables = spec.variables({ params: resolved, query, page: paging.window(pageParams) });
      return served(await run(spec.operation, variables), (data) => {
        const connection = spec.list(data);
        return paging.envelope({
          rows: (connection?.edges ?? []).map((edge) => spec.item(edge.node)),
          total: connection?.totalCount ?? 0,
          hasNextPage: connection?.pageInfo?.hasNextPage,
          endCursor: connection?.pageInfo?.endCursor,
        }, pageParams);
      });
    },
  };
}
