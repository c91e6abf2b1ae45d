// Viewer: who is calling — the user, their organization and the credential used.
import { builder } from '../builder.js';

const CredentialKind = builder.enumType('CredentialKind', {
  description: 'The kind of credential a request authenticated with.',
  values: {
    API_KEY: { value: 'api_key', description: 'An API key (`Authorization: Bearer sk_…`).' },
    SESSION: { value: 'session', description: 'An access token from login, refresh or acceptInvite.' },
    CLIENT_CREDENTIAL: { value: 'client_credential', description: 'An access token from exchangeClientCredential.' },
  } as const,
});

const Viewer = builder.objectRef<{
  userId: string; organizationId: string; apiKeyId: string | null; scopes: string[]; credential: 'api_key' | 'session' | 'client_credential';
}>('Viewer');
Viewer.implement({
  description: 'Who is calling: the user, their organization and the scopes of the credential used.',
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      description: 'The user the credential acts as.',
      resolve: (query, viewer, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
    }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The caller\'s organization: everything the API shows belongs to it.',
      resolve: (query, viewer, _args, ctx) =>
        ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: viewer.organizationId } }),
    }),
    apiKeyId: t.id({ nullable: true, description: 'The id of the API key used (see `apiKeys`); null for an access token.', resolve: (viewer) => viewer.apiKeyId }),
    credential: t.field({ type: CredentialKind, description: 'What the request authenticated with.', resolve: (viewer) => viewer.credential }),
    scopes: t.stringList({ description: 'What the credential allows: read, write and/or fine-grained permissions (asset:create, …). Access tokens: read, plus write for admins.', resolve: (viewer) => viewer.scopes }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    nullable: true,
    description: 'Who is calling: start here to check a credential. Needs the read scope.',
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => ({
      userId: ctx.principal!.userId,
      organizationId: ctx.principal!.organizationId,
      apiKeyId: ctx.principal!.apiKeyId,
      credential: ctx.principal!.apiKeyId ? 'api_key' as const : ctx.principal!.clientCredentialId ? 'client_credential' as const : 'session' as const,
      scopes: [...ctx.principal!.scopes],
    }),
  }),
}));
