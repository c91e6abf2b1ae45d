// A bad credential answers 401 before anything runs — except on the public auth fields (login,
// refresh, …, marked `extensions: { public: true }`): a client still sending its expired or
// revoked token must be able to log in or refresh, so there the credential is ignored.
import { getOperationAST, type GraphQLObjectType } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';

function onlyPublicFields(rootType: GraphQLObjectType | null | undefined, selections: readonly { kind: string; name?: { value: string } }[]) {
  if (!rootType) return false;
  return selections.every((selection) => {
    if (selection.kind !== 'Field' || !selection.name) return false;
    const name = selection.name.value;
    return name === '__typename' || rootType.getFields()[name]?.extensions?.public === true;
  });
}

export function useCredentialCheck(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = (args.contextValue as Context).credentialError;
      if (!error) return;
      const operation = getOperationAST(args.document, args.operationName);
      const rootType = operation?.operation === 'mutation' ? args.schema.getMutationType() : null;
      if (operation && onlyPublicFields(rootType, operation.selectionSet.selections)) return;
      setResultAndStopExecution({ errors: [error] });
    },
  };
}
