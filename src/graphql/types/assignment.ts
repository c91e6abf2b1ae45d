// Assignment: one checkout of an asset to a user, closed by the checkin.
import { builder } from '../builder.js';

builder.prismaNode('Assignment', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'One checkout of an asset; checkedInAt is null while it is still out.',
  fields: (t) => ({
    asset: t.relation('asset'),
    user: t.relation('user'),
    checkedOutAt: t.expose('checkedOutAt', { type: 'DateTime' }),
    expectedReturn: t.expose('expectedReturn', { type: 'Date', nullable: true }),
    checkedInAt: t.expose('checkedInAt', { type: 'DateTime', nullable: true }),
    performedBy: t.relation('performedBy', { nullable: true }),
  }),
});
