// ClientCredential: one per user, managed by admins. `clientId` + `clientSecret` are exchanged for
// an access token (exchangeClientCredential; send it as `Authorization: JWT <token>` or `Bearer
// <token>`). The secret is returned once, when it is issued; only its SHA-256 is kept. Regenerating
// or deleting a credential replaces or removes its row, and tokens carry the row id (claim `cid`),
// so tokens issued for it stop working at once (src/auth/principal.ts).
import type { Prisma } from '../../generated/prisma/client.js';
import * as credentials from '../../domain/client-credentials.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { fixedOrder, keysetResolver, totalCountField } from '../keyset/connection.js';
import { offsetArg } from './common.js';

const ClientCredentialRef = builder.prismaObject('ClientCredential', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: [
    'A client credential: `clientId` + `clientSecret`, exchanged for an access token with exchangeClientCredential.',
    'One per user; it acts as its owner. The secret is never readable after it is issued.',
  ].join(' '),
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Changes when the credential is regenerated.' }),
    clientId: t.exposeString('clientId', { description: 'Public: `ci_` + 24 hex. Kept when the credential is regenerated.' }),
    owner: t.relation('user', { description: 'The user the credential acts as.' }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'The admin who issued the current secret (created or regenerated it).' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'The last exchange for an access token with the current secret.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the credential was first issued (regenerating keeps it).' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the current secret was issued: its creation, then each regeneration.' }),
  }),
});

type CredentialRow = Prisma.ClientCredentialGetPayload<object>;

const CreatedClientCredential = builder
  .objectRef<{ clientId: string; clientSecret: string; credential: CredentialRow }>('CreatedClientCredential')
  .implement({
    description: 'A credential just issued, with its secret: the only answer that ever contains it.',
    fields: (t) => ({
      clientId: t.exposeString('clientId', { description: 'The public client id (`ci_…`), sent with the secret to exchangeClientCredential.' }),
      clientSecret: t.exposeString('clientSecret', { description: 'The secret (`cs_` + 64 hex), shown this once: store it now.' }),
      credential: t.field({ type: ClientCredentialRef, description: 'The credential as `clientCredentials` lists it.', resolve: (created) => created.credential }),
    }),
  });

const adminRead = { $all: { read: true, admin: true } } as const;
const adminWrite = { $all: { write: true, admin: true } } as const;

builder.queryFields((t) => ({
  clientCredentials: t.connection({
    type: ClientCredentialRef,
    nullable: true,
    description: "Every client credential of the organization, newest first by creation (regenerating keeps its place). Admins only.",
    authScopes: adminRead,
    args: { ...offsetArg },
    resolve: keysetResolver({
      typeName: 'ClientCredential',
      order: () => fixedOrder('createdAt', 'desc'),
      where: () => ({}),
      findMany: (ctx, query) => ctx.prisma.clientCredential.findMany(query as Prisma.ClientCredentialFindManyArgs),
      count: (ctx, where) => ctx.prisma.clientCredential.count({ where }),
    }),
  }, { name: 'ClientCredentialConnection', description: 'One page of client credentials, with the total count.', fields: totalCountField }, { name: 'ClientCredentialEdge', description: 'One client credential of the page, with its cursor.' }),
}));

builder.mutationFields((t) => ({
  createClientCredential: t.field({
    type: CreatedClientCredential,
    nullable: true,
    description: [
      'A client credential for `userId` (default: the caller), who must be active. One per user:',
      'a second one is CONFLICT (regenerate or delete the first). The secret is in the answer only.',
      'Admins with a write key; NOT_FOUND for an unknown user, CONFLICT for an inactive one.',
    ].join(' '),
    authScopes: adminWrite,
    args: { userId: t.arg({ type: 'UUID', required: false, description: 'The user the credential acts as; default: the caller.' }) },
    resolve: (_root, { userId }, ctx) => credentials.createClientCredential(domainOf(ctx), userId),
  }),
  regenerateClientCredential: t.field({
    type: CreatedClientCredential,
    nullable: true,
    description: [
      'A new secret for the credential, under the same clientId but a new id: the old secret and every',
      'token issued with it stop working at once. The new secret is in the answer only. Admins with a write key; NOT_FOUND.',
    ].join(' '),
    authScopes: adminWrite,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The credential\'s current id.' }) },
    resolve: (_root, { id }, ctx) => credentials.regenerateClientCredential(domainOf(ctx), id),
  }),
  deleteClientCredential: t.prismaField({
    type: 'ClientCredential',
    nullable: true,
    description: 'Deletes the credential: its secret and every token issued with it stop working at once. Returns it as it was. Admins with a write key; NOT_FOUND.',
    authScopes: adminWrite,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The credential\'s id.' }) },
    resolve: (query, _root, { id }, ctx) => credentials.deleteClientCredential(domainOf(ctx), id, query),
  }),
}));
