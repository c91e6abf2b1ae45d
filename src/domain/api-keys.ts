// API key workflows for admins: issue a key acting as themselves (the secret is returned once) and
// revoke one. A fine-grained permission the organization's plan does not allow is refused.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow } from '../audit/audited-transaction.js';
import { normalizeScopes } from '../auth/api-keys.js';
import { issueApiKey } from '../auth/key-admin.js';
import { isPermission, PERMISSION_PLAN, PLAN_NAMES, planAtLeast } from '../auth/permissions.js';
import { badInput, conflict, notFound, planRequired } from '../errors.js';
import type { Plan } from '../request/principal.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, text } from './validate.js';

/** Fine-grained permissions the organization's plan does not allow are refused, the biggest plan first. */
function requirePlanFor(scopes: readonly string[], plan: Plan) {
  const refused = scopes.filter(isPermission).filter((permission) => !planAtLeast(plan, PERMISSION_PLAN[permission]));
  if (!refused.length) return;
  const enterprise = refused.find((permission) => PERMISSION_PLAN[permission] === 'enterprise');
  const needed = enterprise ? 'enterprise' : 'business';
  const named = enterprise ? [enterprise] : refused;
  const required = needed === 'enterprise' ? 'Enterprise plan required' : 'Business plan or higher required';
  const which = named.length === 1 ? `the ${named[0]} permission` : `the ${named.join(', ')} permissions`;
  throw planRequired(needed, `createApiKey: ${required} for ${which} (this organization is on the ${PLAN_NAMES[plan]} plan)`, { field: 'scopes' });
}

/** A new key acting as the calling admin, on an organization of `plan`. */
export function createApiKey(domain: DomainContext, plan: Plan, input: { name: string; scopes: readonly string[]; trustedDocumentsOnly?: boolean | null }) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    let scopes;
    try {
      scopes = normalizeScopes(input.scopes);
    } catch (error) {
      throw badInput('scopes', (error as Error).message);
    }
    requirePlanFor(scopes, plan);
    const { key: apiKey, secret } = await issueApiKey(tx, audit, {
      organizationId: domain.actor.organizationId,
      name: text('name', input.name, { max: MAX_NAME, required: true }),
      scopes,
      createdById: domain.actor.userId,
      trustedDocumentsOnly: input.trustedDocumentsOnly ?? false,
    });
    return { key: secret, apiKey };
  });
}

/** Revokes a key for good: it answers 401 KEY_REVOKED from then on. */
export function revokeApiKey(domain: DomainContext, id: string, selection: Selection<Prisma.ApiKeySelect, Prisma.ApiKeyInclude> = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'ApiKey', id);
    const before = await tx.apiKey.findUnique({ where: { id } });
    if (!before) throw notFound('API key');
    if (before.revokedAt) throw conflict('API key is already revoked');
    const after = await tx.apiKey.update({ ...withAllColumns(selection, Prisma.ApiKeyScalarFieldEnum), where: { id }, data: { revokedAt: new Date() } });
    await audit({ action: 'api_key.revoked', entityType: 'ApiKey', entityId: id, before, after });
    return after;
  });
}
