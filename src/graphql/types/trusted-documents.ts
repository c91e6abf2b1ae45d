// Trusted documents: an organization (or a single key, see CreateApiKeyInput) can be held to the
// operations of the manifests the server was given (src/yoga/use-trusted-documents.ts).
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { setTrustedDocumentsOnly } from '../../domain/trusted-documents.js';

builder.prismaObjectField('Organization', 'trustedDocumentsOnly', (t) =>
  t.exposeBoolean('trustedDocumentsOnly', {
    description: 'Every credential of the organization runs only documents from the trusted manifests (persisted operations).',
  }));

builder.mutationField('setTrustedDocumentsOnly', (t) =>
  t.prismaField({
    type: 'Organization',
    description: 'Admins: hold every credential of your organization to trusted documents (true), or allow any document again (false). Audited as organization.updated.',
    authScopes: { $all: { write: true, admin: true } },
    args: { enabled: t.arg.boolean({ required: true, description: 'true: only trusted documents run.' }) },
    resolve: (query, _root, { enabled }, ctx) => setTrustedDocumentsOnly(domainOf(ctx), enabled, query),
  }));
