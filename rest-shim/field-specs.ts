// What a route declares about its query parameters and body fields, and the types those
// declarations give the route: `QueryOf<specs>` / `BodyOf<specs>` are what the parsers
// (parse-fields.ts) hand it, `GraphQLInputOf<specs>` what toGraphQLInput makes of a body.
/** `map`: string values by key, sent in a query string as `name[KEY]=VALUE` (OpenAPI's deepObject style). */
export type FieldType = 'string' | 'integer' | 'number' | 'uuid' | 'date' | 'datetime' | 'object' | 'string[]' | 'map' | 'object[]';

export interface FieldSpec {
  type: FieldType;
  description?: string;
  required?: boolean;
  /** Allowed values: REST spelling → GraphQL enum value (spellings.ts). */
  enum?: Readonly<Record<string, string>>;
  default?: string | number;
  /** Numbers: the smallest / largest value; `object[]`: the fewest / most items. */
  min?: number;
  max?: number;
  /** `object[]`: the fields of each item (checked like a body's; a bad one is named `name[i].field`). */
  items?: FieldSpecs;
  /** The GraphQL input field this body field maps to (default: its camelCase name); for a query parameter, the argument it becomes (errors name the parameter). */
  graphql?: string;
}

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** No fields: what a route without query parameters or body declares. */
export type NoFields = Readonly<Record<never, FieldSpec>>;

/** Declares field specs keeping their literal types (enum keys, required, default), so routes get typed input. */
export const fields = <const S extends FieldSpecs>(specs: S): S => specs;

/** A query parameter as parsed: numbers are numbers, an enum is one of its REST spellings. */
type QueryValue<F extends FieldSpec> =
  F extends { enum: infer E extends Readonly<Record<string, string>> } ? keyof E & string
  : F['type'] extends 'integer' | 'number' ? number
  : BodyValue<F>;

/** A body field as parsed: a `number` field keeps a numeric string as sent (GraphQL's scalars take both). */
type BodyValue<F extends FieldSpec> =
  F extends { enum: infer E extends Readonly<Record<string, string>> } ? keyof E & string
  : F['type'] extends 'integer' ? number
  : F['type'] extends 'number' ? number | string
  : F['type'] extends 'object' ? Record<string, unknown>
  : F['type'] extends 'string[]' ? string[]
  : F['type'] extends 'map' ? Record<string, string>
  : F extends { type: 'object[]'; items: infer I extends FieldSpecs } ? BodyOf<I>[]
  : string;

type Always<S extends FieldSpecs, Extra> = { [K in keyof S]: S[K] extends { required: true } | Extra ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Query parameters: present when required or defaulted, else optional. */
export type QueryOf<S extends FieldSpecs> = Simplify<
  { [K in Always<S, { default: string | number }>]: QueryValue<S[K]> } &
  { [K in Exclude<keyof S, Always<S, { default: string | number }>>]?: QueryValue<S[K]> }
>;

/** Body fields: present when required, else optional and nullable (null clears). */
export type BodyOf<S extends FieldSpecs> = Simplify<
  { [K in Always<S, never>]: BodyValue<S[K]> } &
  { [K in Exclude<keyof S, Always<S, never>>]?: BodyValue<S[K]> | null }
>;

/** `asset_tag` → `assetTag` (the runtime twin is camelCase below). */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Initial}${infer Rest}`
  ? `${Head}${Uppercase<Initial>}${CamelCase<Rest>}`
  : S;

type InputName<K, F> = F extends { graphql: infer G extends string } ? G : K extends string ? CamelCase<K> : never;
type InputValue<F extends FieldSpec> = F extends { enum: infer E extends Readonly<Record<string, string>> } ? E[keyof E] : BodyValue<F>;

/** A parsed body as a GraphQL input object: GraphQL field names, enum values translated. */
export type GraphQLInputOf<S extends FieldSpecs> = Simplify<
  { [K in Always<S, never> as InputName<K, S[K]>]: InputValue<S[K]> } &
  { [K in Exclude<keyof S, Always<S, never>> as InputName<K, S[K]>]?: InputValue<S[K]> | null }
>;

export const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The GraphQL input field a body field maps to. */
export const graphqlName = (name: string, spec: FieldSpec) => spec.graphql ?? camelCase(name);

/** Body fields → a GraphQL input object: camelCase names (or `graphql`), enum values translated. */
export function toGraphQLInput<const S extends FieldSpecs>(specs: S, body: BodyOf<S>): GraphQLInputOf<S> {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const spec = specs[name];
    if (!spec) continue;
    input[graphqlName(name, spec)] = spec.enum && typeof value === 'string' ? spec.enum[value] : value;
  }
  // Built field by field from the specs the type is computed from.
  return input as GraphQLInputOf<S>;
}
