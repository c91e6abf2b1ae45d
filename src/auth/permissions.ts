// Key scopes: the coarse `read` and `write`, and fine-grained permissions for integrations that
// should do one thing only. Fine-grained permissions need a plan (Business or Enterprise); the
// coarse `write` scope covers every one of them on any plan.
import { PERMISSIONS, type Permission, type Plan, type Principal } from '../request/principal.js';

/** The plan a fine-grained permission needs. */
export const PERMISSION_PLAN: Record<Permission, Plan> = {
  'asset:create': 'business',
  'asset:location': 'business',
  'maintenance:create': 'business',
  'assignment:update': 'business',
  'iot:signal:ingest': 'enterprise',
};

const PLAN_RANK: Record<Plan, number> = { growth: 0, business: 1, enterprise: 2 };

export function planAtLeast(plan: Plan, needed: Plan): boolean {
  return PLAN_RANK[plan] >= PLAN_RANK[needed];
}

export function isPermission(scope: string): scope is Permission {
  return (PERMISSIONS as readonly string[]).includes(scope);
}

/**
 * Whether a principal may do what `permission` covers: a `write` key may (on any plan); otherwise
 * the key must hold the permission itself and the organization's plan must allow it.
 */
export function grantsPermission(principal: Pick<Principal, 'scopes' | 'plan'> | null, permission: Permission): boolean {
  if (!principal) return false;
  if (principal.scopes.has('write')) return true;
  return principal.scopes.has(permission) && planAtLeast(principal.plan, PERMISSION_PLAN[permission]);
}

/** The plan a principal lacks for `permission`: set only when the key holds it but the plan does not allow it. */
export function planMissingFor(principal: Pick<Principal, 'scopes' | 'plan'> | null, permission: Permission): Plan | null {
  if (!principal || principal.scopes.has('write') || !principal.scopes.has(permission)) return null;
  const needed = PERMISSION_PLAN[permission];
  return planAtLeast(principal.plan, needed) ? null : needed;
}

/** How error messages name a plan. */
export const PLAN_NAMES: Record<Plan, string> = { growth: 'Growth', business: 'Business', enterprise: 'Enterprise' };
