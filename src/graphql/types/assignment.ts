// Assignment: one checkout of an asset to a user, closed by the checkin.
import { builder } from '../builder.js';

builder.prismaNode('Assignment', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'One checkout of an asset; checkedInAt is null while it is still out.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset checked out.' }),
    user: t.relation('user', { description: 'Who it was checked out to.' }),
    checkedOutAt: t.expose('checkedOutAt', { type: 'DateTime', description: 'When the checkout happened.' }),
    expectedReturn: t.expose('expectedReturn', { type: 'Date', nullable: true, description: 'When it was due back (YYYY-MM-DD); null when no date was given.' }),
    checkedInAt: t.expose('checkedInAt', { type: 'DateTime', nullable: true, description: 'When it was checked in; null while it is still out.' }),
    performedBy: t.relation('performedBy', { nullable: true, description: 'The user whose credential made the checkout; null when none was recorded.' }),
  }),
});
