// changeAssetAssignment: one mutation that checks an asset out or back in, for integrations that
// send either in one request (UniAsset's POST /api/integrations/assets/assignment). The workflows
// are checkoutAsset / checkinAsset in src/domain/assets.ts.
import * as assets from '../../domain/assets.js';
import { badInput } from '../../errors.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';

const ChangeAssetAssignmentInput = builder.inputType('ChangeAssetAssignmentInput', {
  description: 'Check the asset out to `userId`, or back in with `checkin: true` (exactly one of the two).',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true, description: 'The asset to check out or in.' }),
    userId: t.field({ type: 'UUID', description: 'Check the asset out to this active user.' }),
    checkin: t.boolean({ description: 'true: check the asset back in (userId must then be omitted).' }),
    expectedReturn: t.field({ type: 'Date', description: 'With userId: when the asset is expected back.' }),
  }),
});

builder.mutationFields((t) => ({
  changeAssetAssignment: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks an asset out (userId) or in (checkin: true); CONFLICT as checkoutAsset/checkinAsset. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'assignment:update' } },
    args: { input: t.arg({ type: ChangeAssetAssignmentInput, required: true, description: 'The asset and the change.' }) },
    resolve: (query, _root, { input }, ctx) => {
      if (input.checkin) {
        if (input.userId != null) throw badInput('input.userId', 'userId cannot be combined with checkin');
        return assets.checkinAsset(domainOf(ctx), input.assetId, query);
      }
      if (input.userId == null) throw badInput('input.userId', 'userId is required unless checkin is true');
      return assets.checkoutAsset(domainOf(ctx), { assetId: input.assetId, userId: input.userId, expectedReturn: input.expectedReturn }, query);
    },
  }),
}));
