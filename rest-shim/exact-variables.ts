// The type of a route's variables mapping: checked against its operation's generated Variables,
// not only for assignability but for stray keys too, which TypeScript's own excess-property check
// misses on the object a function returns.

/**
 * The contextual type of a variables mapping: the operation's variables, every key optional and
 * any other key allowed, so literals keep their enum types while ExactVariables does the checking.
 */
type Contextual<V> = V extends readonly unknown[] ? V : V extends object ? { [K in keyof V]?: Contextual<V[K]> } & { [key: string]: unknown } : V;

/** Never, at the keys (at any depth) that the expected type does not have. */
type NoExtraKeys<Actual, Expected> =
  Actual extends readonly unknown[] ? Actual
  : Actual extends object
    ? { [K in keyof Actual]: K extends keyof NonNullable<Expected> ? NoExtraKeys<Actual[K], NonNullable<Expected>[K]> : never }
    : Actual;

/**
 * A variables mapping checked against the operation: it returns its Variables (the signature the
 * route calls), and no key the operation does not declare, at any depth (a misspelt optional
 * variable would otherwise be dropped without a word).
 */
export type ExactVariables<Input, Mapping, Variables> = ((input: Input) => NoInfer<Variables>) & Mapping &
  (Mapping extends (...args: infer Args) => infer Returned ? (...args: Args) => NoExtraKeys<Returned, Variables> : never);

/** How a route's input becomes its operation's variables. */
export type VariablesMapping<Input, Variables> = (input: Input) => Contextual<Variables>;
