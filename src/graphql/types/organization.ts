// Organization: the tenant every row belongs to, with its plan; and the operator's mutation that
// changes the plan (never the organization's own users: an admin must not upgrade themselves).
import { setOrganizationPlan } from '../../domain/organizations.js';
import { operatorActor } from '../../request/actor.js';
import { builder } from '../builder.js';

const Plan = builder.enumType('Plan', {
  values: { GROWTH: { value: 'growth' }, BUSINESS: { value: 'business' }, ENTERPRISE: { value: 'enterprise' } } as const,
});

builder.prismaObject('Organization', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    plan: t.expose('plan', { type: Plan }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('setOrganizationPlan', (t) =>
  t.prismaField({
    type: 'Organization',
    description: 'Server operator only (the OPERATOR_TOKEN sent as X-Operator-Token; no organization credential is enough, not even an admin\'s): moves an organization to another plan. Its budgets and the permissions its keys may use follow at once. Audited as organization.plan_changed (no acting user).',
    authScopes: { operator: true },
    args: {
      organizationId: t.arg({ type: 'UUID', required: true, description: 'The organization to move.' }),
      plan: t.arg({ type: Plan, required: true, description: 'Its new plan.' }),
    },
    resolve: async (query, _root, { organizationId, plan }, ctx) => {
      const actor = operatorActor(organizationId, ctx.requestInfo);
      return (await setOrganizationPlan(ctx.operator!.prisma, actor, plan, query)).organization;
    },
  }),
);
