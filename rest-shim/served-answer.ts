// A served route's answer, the same in yoga's REST path (use-rest-shim.ts) and the REST lane
// (rest-lane.ts): the route's answer, or its refusal in the dialect's error body when the operation
// failed or the answer refused (a null entity: 404), with the pipeline's headers passed on.
import { problemFromErrors, problemFromRestError, refusalAnswer } from './problems.js';
import type { PlainAnswer } from '../src/request/response.js';
import { routeAnswer } from './responses.js';
import { RestError } from './rest-error.js';
import type { Route, Served } from './route.js';

// Headers of the GraphQL pipeline's response that REST callers get too.
const PASSED_ON = /^(x-request-id|x-ratelimit-.*|retry-after)$/i;

/** Throws what the answer throws besides a RestError (the caller's 500). */
export function servedAnswer(route: Route, served: Served): PlainAnswer {
  const passed: Record<string, string> = {};
  served.headers.forEach((value, name) => {
    if (PASSED_ON.test(name)) passed[name] = value;
  });
  if (served.errors) return refusalAnswer(route.dialect, problemFromErrors(served.errors, route), passed);
  try {
    return routeAnswer(served.answer(), passed);
  } catch (error) {
    if (error instanceof RestError) return refusalAnswer(route.dialect, problemFromRestError(error), passed);
    throw error;
  }
}
