// Errors raised before execution (syntax, validation, variable coercion) get a code too, so
// every error a client sees carries extensions.code.
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function useErrorCodes(): Plugin {
  const withCode = (error: GraphQLError) => {
    if (error.extensions?.code) return error;
    const extensions = error.extensions as Record<string, unknown>;
    extensions.code = 'BAD_USER_INPUT';
    // Pothos' own argument checks name the argument in the message: expose it as the field.
    const argument = /^Argument "(\w+)"/.exec(error.message)?.[1];
    if (argument) extensions.field = argument;
    return error;
  };
  return {
    onExecutionResult({ result, setResult }) {
      if (result && 'errors' in result && result.errors?.length) {
        setResult({ ...result, errors: result.errors.map((e) => withCode(e as GraphQLError)) });
      }
    },
  };
}
