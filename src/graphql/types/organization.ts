// Organization: the tenant every row belongs to, with its plan; and the operator's mutation that
// changes the plan (never the organization's own users: an admin must not upgrade themselves).
import { setOrganizationPlan } from '../../domain/organizations.js';
import { operatorActor } from '../../request/actor.js';
import { builder } from '../builder.js';

const Plan = builder.enumType('Plan', {
  description: 'The organization\'s plan: it sets the cost budget and which fine-grained permissions keys may use.',
  values: { GROWTH: { value: 'growth', description: 'The base plan: 60,000-point bucket (about 1,000 requests an hour); no fine-grained permissions.' }, BUSINESS: { value: 'business', description: '1,000,000-point bucket (about 1,000 requests a minute); the Business permissions (asset:create, assignment:update, asset:location, maintenance:create).' }, ENTERPRISE: { value: 'enterprise', description: '5,000,000-point bucket (about 5,000 requests a minute); every permission, iot:signal:ingest included.' } } as const,
});

builder.prismaObject('Organization', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'The company using the API: every row belongs to one, and nothing of another organization is ever visible.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The organization\'s UUID (`organizationId` at login when an e-mail belongs to several).' }),
    name: t.exposeString('name', { description: 'The organization\'s name.' }),
    plan: t.expose('plan', { type: Plan, description: 'Its plan: budget and permissions.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the organization was set up.' }),
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
