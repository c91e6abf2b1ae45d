// Turns a scope-auth failure into words naming what the caller lacks ("a key with the write scope"),
// and tells a plan that is too small (the key holds the permission, the plan does not allow it)
// apart from a permission the key lacks.
import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { isPermission, PLAN_NAMES, planAtLeast, planMissingFor } from '../auth/permissions.js';
import type { PaidPlan, Principal } from '../request/principal.js';


const NEEDS: Record<string, string> = {
  read: 'a key with the read scope',
  write: 'a key with the write scope',
  admin: 'the admin role',
};

interface Leaf { scope: string; parameter: unknown }

function leaves(failure: AuthFailure): Leaf[] {
  if (failure.kind === 'AuthScope') return [{ scope: failure.scope, parameter: failure.parameter }];
  if (failure.kind === 'AllAuthScopes' || failure.kind === 'AnyAuthScopes') return failure.failures.flatMap(leaves);
  return [];
}

export interface AuthFailureDescription {
  message: string;
  /** The scopes or permissions the key lacks (empty when only the plan is too small). */
  missing: string[];
  /** Set when nothing but the organization's plan stands in the way: the plan it needs. */
  requiredPlan?: PaidPlan;
}

export function describeAuthFailure(
  field: string, failure: AuthFailure, principal?: Pick<Principal, 'scopes' | 'plan'> | null,
): AuthFailureDescription {
  const missing: string[] = [];
  // What the plan lacks, with the permission that asked for it (none for a `plan` scope).
  const plans: { plan: PaidPlan; permission?: string }[] = [];
  for (const { scope, parameter } of leaves(failure)) {
    if (scope === 'plan') {
      plans.push({ plan: parameter as PaidPlan });
    } else if (scope === 'permission' && typeof parameter === 'string' && isPermission(parameter)) {
      const plan = planMissingFor(principal ?? null, parameter);
      if (plan && plan !== 'growth') plans.push({ plan, permission: parameter });
      else missing.push(parameter);
    } else {
      missing.push(scope);
    }
  }
  const unique = [...new Set(missing)];
  if (unique.length === 0 && plans.length > 0) {
    // The biggest plan asked for decides (Enterprise covers Business).
    const needed = plans.reduce((a, b) => (planAtLeast(a.plan, b.plan) ? a : b));
    const required = needed.plan === 'enterprise' ? 'Enterprise plan required' : 'Business plan or higher required';
    const reason = needed.permission ? ` for the ${needed.permission} permission` : '';
    const current = principal ? ` (this organization is on the ${PLAN_NAMES[principal.plan]} plan)` : '';
    return { message: `${field}: ${required}${reason}${current}`, missing: [], requiredPlan: needed.plan };
  }
  const needs = unique.map((scope) => NEEDS[scope] ?? (isPermission(scope) ? `the ${scope} permission (or the write scope)` : `the ${scope} permission`));
  return { message: `${field} needs ${needs.join(' and ') || 'a permission this key lacks'}`, missing: unique };
}
