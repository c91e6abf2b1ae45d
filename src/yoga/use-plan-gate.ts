// A REST dialect may need a plan for every route (UniAsset's Integration API: Business or higher):
// the operation is refused before it runs, whatever the key holds — even a `write` key.
import type { Plugin } from 'graphql-yoga';
import { planAtLeast } from '../auth/permissions.js';
import { planRequired } from '../errors.js';
import type { Context } from '../graphql/context.js';

export function usePlanGate(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { principal, requestInfo } = args.contextValue as Context;
      const needed = requestInfo.minimumPlan;
      // No principal: the guarded fields answer UNAUTHENTICATED as usual.
      if (!needed || !principal || planAtLeast(principal.plan, needed)) return;
      const message = needed === 'enterprise' ? 'Enterprise plan required' : 'Business plan or higher required';
      setResultAndStopExecution({ errors: [planRequired(needed, message)] });
    },
  };
}
