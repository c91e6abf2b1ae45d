// Masked errors: anything not raised on purpose reaches the client as INTERNAL_SERVER_ERROR with
// the request id to quote (extensions.requestId), never a message or stack trace; the original is
// kept on the request's scope and logged once, on the request's log line. A database that
// cannot be reached is no bug: that answers SERVICE_UNAVAILABLE, HTTP 503 with Retry-After.
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type YogaServerOptions } from 'graphql-yoga';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { serviceUnavailable } from '../errors.js';
import { currentRequest, logger } from '../request/log.js';
import { requestInfo } from '../request/request-info.js';

type MaskError = NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>['maskError']>;

export const maskUnexpectedErrors: MaskError = (error, message, isDev) => {
  const masked = yogaMaskError(error, message, isDev);
  if (masked === error) return error as Error;
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  const scope = currentRequest();
  if (isDatabaseUnavailable(original)) {
    if (scope) scope.error ??= original;
    const unavailable = serviceUnavailable();
    return new GraphQLError(unavailable.message, { path, extensions: unavailable.extensions });
  }
  if (scope) scope.error ??= original;
  else logger.error({ err: original }, 'unexpected error');
  return new GraphQLError(message, {
    path,
    // `unexpected` (stripped from the response by yoga) makes a response without data a 500.
    extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true, ...(scope && { requestId: requestInfo(scope.request).id }) },
  });
};
