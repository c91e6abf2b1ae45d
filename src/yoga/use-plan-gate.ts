// A REST dialect may need a plan for every route (UniAsset's Integration API: Business or higher):
// the operation is refused before it runs, whatever the key holds — even a `write` key.
import type { Plugin } from 'graphql-yoga';
import { planAtLeast, PLAN_NAMES } from '../auth/permissions.js';
import { planRequired } from '../errors.js';
import type { Context } from '../graphql/context.js';

export function usePlanGate(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { principal, requestInfo } = args.contextValue as Context;
      const needed = requestInfo.minimumPlan;
      // No principal: the guarded fields answer UNAUTHENTICATED as usual.
      if (!needed || !principal || planAtLeast(principal.plan, needed)) return;
      setResultAndStopExecution({ errors: [planRequired(needed, `${PLAN_NAMES[needed]} plan or higher required`)] });
    },
  };
}
