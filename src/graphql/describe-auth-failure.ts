// Turns a scope-auth failure into words naming what the caller lacks ("a key with the write scope").
import type { AuthFailure } from '@pothos/plugin-scope-auth';

const NEEDS: Record<string, string> = {
  read: 'a key with the read scope',
  write: 'a key with the write scope',
  admin: 'the admin role',
};

function missingScopes(failure: AuthFailure): string[] {
  if (failure.kind === 'AuthScope') return [failure.scope];
  if (failure.kind === 'AllAuthScopes' || failure.kind === 'AnyAuthScopes') return failure.failures.flatMap(missingScopes);
  return [];
}

export function describeAuthFailure(field: string, failure: AuthFailure): { message: string; missing: string[] } {
  const missing = [...new Set(missingScopes(failure))];
  const needs = missing.map((scope) => NEEDS[scope] ?? `the ${scope} permission`);
  return { message: `${field} needs ${needs.join(' and ') || 'a permission this key lacks'}`, missing };
}
