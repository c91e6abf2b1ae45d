// Masked errors: anything not raised on purpose reaches the client as INTERNAL_SERVER_ERROR with
// the request id to quote, never a message or stack trace; the original goes to the log.
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type YogaServerOptions } from 'graphql-yoga';

type MaskError = NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>['maskError']>;

export const maskUnexpectedErrors: MaskError = (error, message, isDev) => {
  const masked = yogaMaskError(error, message, isDev);
  if (masked === error) return error as Error;
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  console.error('[unexpected error]', original);
  return new GraphQLError(message, {
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
};
