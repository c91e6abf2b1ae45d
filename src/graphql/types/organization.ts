// Organization: the tenant every row belongs to, with its plan.
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
