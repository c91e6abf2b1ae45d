// rateLimit: the caller's budget as of this operation (GitHub-style); the query itself costs
// nothing, so asking for it costs just the request floor.
import type { CostState } from '../context.js';
import { builder } from '../builder.js';

const RateLimit = builder.objectRef<CostState>('RateLimit').implement({
  description: 'The cost budget of the credential used (a leaky bucket of points shared by GraphQL and REST).',
  fields: (t) => ({
    limit: t.int({ description: 'Bucket size in points.', resolve: (s) => s.capacity }),
    cost: t.int({ description: 'Points taken for this operation before it ran: its requested cost, at least the request floor (what it did not use is refunded afterwards).', resolve: (s) => s.requested }),
    floor: t.int({ description: 'The least any request is charged, in points (the plan\'s or this key\'s request floor).', resolve: (s) => s.floor }),
    remaining: t.int({ description: 'Points left after this operation was charged.', resolve: (s) => Math.floor(s.remaining) }),
    used: t.int({ description: 'limit − remaining.', resolve: (s) => s.capacity - Math.floor(s.remaining) }),
    restoreRate: t.float({ description: 'Points restored per second.', resolve: (s) => s.restoreRate }),
    resetAt: t.field({
      type: 'DateTime',
      description: 'When the bucket is full again if nothing more is spent.',
      resolve: (s) => new Date(Date.now() + ((s.capacity - s.remaining) / s.restoreRate) * 1000),
    }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimit,
    nullable: true,
    description: 'The query costs nothing (the request still pays the request floor). Null when rate limiting is off.',
    extensions: { cost: 0 },
    resolve: (_root, _args, ctx) => ctx.cost ?? null,
  }),
);
