// A known API key's principal is provisional (src/auth/known-keys.ts) until a statement of the
// request reads the key's state unchanged: a compiled read reads it in its own statement
// (use-compiled-reads.ts, composed just before this); any other operation reads it here before its
// resolvers run (nothing is written, nothing read for the caller, on a stale principal); an answer
// made without running anything (a refusal) reads it before it is sent. When it has changed the
// operation runs again from the start, the credential resolved afresh, so every decision (401,
// plan, limits, budget) is taken on what is stored now; the first run's answer is dropped.
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';

type Stop = (result: ExecutionResult) => void;

/** Before resolvers: confirmed already, or read now; a changed key stops the run (it is run again). */
function confirmBeforeRunning(context: Partial<Context>, stop: Stop): Promise<void> | void {
  const credential = context.credential;
  if (!credential || credential.status === 'confirmed') return;
  if (credential.status === 'changed') return stop({ data: null });
  return credential.confirm().then((unchanged) => {
    if (!unchanged) stop({ data: null });
  });
}

export function useCredentialConfirmation(): Plugin<Context> {
  return {
    onParams({ paramsHandler, setParamsHandler }) {
      setParamsHandler((payload) => {
        // The context before this run extended it: a second run starts from the same place.
        const initial = { ...payload.context };
        const again = () => paramsHandler({ ...payload, context: { ...initial } });
        return Promise.resolve(paramsHandler(payload)).then((result) => {
          const credential = (payload.context as Partial<Context>).credential;
          if (!credential || credential.status === 'confirmed') return result;
          if (credential.status === 'changed') return again();
          return credential.confirm().then((unchanged) => (unchanged ? result : again()));
        });
      });
    },
    onExecute({ args, setResultAndStopExecution }) {
      return confirmBeforeRunning(args.contextValue as Partial<Context>, setResultAndStopExecution);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      return confirmBeforeRunning(args.contextValue as Partial<Context>, setResultAndStopExecution);
    },
  };
}
