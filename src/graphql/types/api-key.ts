// ApiKey: keys managed through the API by admins. The secret is returned once, at creation; only
// its SHA-256 and a 10-character prefix are kept.
import type { Prisma } from '../../generated/prisma/client.js';
import { PERMISSION_PLAN } from '../../auth/permissions.js';
import * as apiKeys from '../../domain/api-keys.js';
import { COARSE_SCOPES, PERMISSIONS, type PaidPlan } from '../../request/principal.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { fixedOrder, keysetResolver, totalCountField } from '../keyset/connection.js';
import { offsetArg } from './common.js';

const ApiKeyRef = builder.prismaObject('ApiKey', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'An API key: `Authorization: Bearer sk_…`. The secret itself is never readable.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The key\'s UUID (not the secret): pass it to revokeApiKey.' }),
    name: t.exposeString('name', { description: 'What the key is for, as given at creation.' }),
    prefix: t.exposeString('prefix', { description: 'The first 10 characters of the key.' }),
    scopes: t.exposeStringList('scopes', { description: 'read, write and/or fine-grained permissions (asset:create, …).' }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'The user the key acts as.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'When the key last authenticated a request, to the minute; null if never used.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked (it answers 401 KEY_REVOKED since); null while it works.' }),
    trustedDocumentsOnly: t.exposeBoolean('trustedDocumentsOnly', { description: 'The key runs only documents from the trusted manifests.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the key was created.' }),
  }),
});

const CreatedApiKey = builder.objectRef<{ key: string; apiKey: Prisma.ApiKeyGetPayload<object> }>('CreatedApiKey').implement({
  description: 'A key just created, with its secret: the only answer that ever contains it.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key, shown this once: store it now.' }),
    apiKey: t.field({ type: ApiKeyRef, description: 'The key as `apiKeys` lists it.', resolve: (created) => created.apiKey }),
  }),
});

const PLAN_LABEL = { business: 'Business plan or higher', enterprise: 'Enterprise plan' } as const;
const SCOPES_DESCRIPTION = [
  `Any of: ${[...COARSE_SCOPES, ...PERMISSIONS].join(', ')}.`,
  'write includes read and covers every permission, on any plan.',
  'A fine-grained permission implies nothing else (not even read) and needs a plan:',
  PERMISSIONS.map((permission) => `${permission} (${PLAN_LABEL[PERMISSION_PLAN[permission] as PaidPlan]})`).join(', ') + '.',
  'Each for admins: asset:create allows createAsset; assignment:update checkoutAsset, checkinAsset and changeAssetAssignment; asset:location moveAsset and recordAssetPosition;',
  'maintenance:create createMaintenanceRecord, updateMaintenanceRecord, completeMaintenanceRecord and deleteMaintenanceRecord;',
  'iot:signal:ingest ingestAssetSignals (Enterprise only).',
  'A permission the plan does not allow: PLAN_UPGRADE_REQUIRED (Business) or ENTERPRISE_REQUIRED (Enterprise).',
].join(' ');

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new API key: its name, scopes and whether it is held to trusted documents.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the key is for; 1–200 characters, not blank.' }),
    scopes: t.stringList({ required: true, description: SCOPES_DESCRIPTION }),
    trustedDocumentsOnly: t.boolean({ description: 'true: the key runs only documents from the trusted manifests (persisted operations), by hash. Default false.' }),
  }),
});

const adminRead = { $all: { read: true, admin: true } } as const;
const adminWrite = { $all: { write: true, admin: true } } as const;

builder.queryFields((t) => ({
  apiKeys: t.connection({
    type: ApiKeyRef,
    nullable: true,
    description: 'Every key of the organization, newest first (revoked ones included). Admins only.',
    authScopes: adminRead,
    args: { ...offsetArg },
    resolve: keysetResolver({
      typeName: 'ApiKey',
      order: () => fixedOrder('createdAt', 'desc'),
      where: () => ({}),
      findMany: (ctx, query) => ctx.prisma.apiKey.findMany(query as Prisma.ApiKeyFindManyArgs),
      count: (ctx, where) => ctx.prisma.apiKey.count({ where }),
    }),
  }, { name: 'ApiKeyConnection', description: 'One page of API keys, with the total count.', fields: totalCountField }, { name: 'ApiKeyEdge', description: 'One API key of the page, with its cursor.' }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    nullable: true,
    description: 'A new key acting as the calling admin. The key is in the answer only. Admins with a write key; BAD_USER_INPUT for an unknown scope, PLAN_UPGRADE_REQUIRED / ENTERPRISE_REQUIRED for a permission the plan does not allow.',
    authScopes: adminWrite,
    args: { input: t.arg({ type: CreateApiKeyInput, required: true, description: 'Name, scopes and options of the key.' }) },
    resolve: (_root, { input }, ctx) => apiKeys.createApiKey(domainOf(ctx), ctx.principal!.plan, input),
  }),
  revokeApiKey: t.prismaField({
    type: 'ApiKey',
    nullable: true,
    description: 'Revokes a key for good: it answers 401 KEY_REVOKED from then on. Returns the key. Admins with a write key; NOT_FOUND, CONFLICT when already revoked.',
    authScopes: adminWrite,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The key\'s id (from `apiKeys`).' }) },
    resolve: (query, _root, { id }, ctx) => apiKeys.revokeApiKey(domainOf(ctx), id, query),
  }),
}));
