// Imports every domain type file, then builds the schema. Nothing else belongs here.
import { builder } from './builder.js';
import './types/scalars.js';
import './types/common.js';
import './types/node.js';
import './types/asset.js';
import './types/assignment.js';
import './types/license.js';
import './types/depreciation.js';
import './types/dashboard.js';
import './types/location.js';
import './types/vendor.js';
import './types/user.js';
import './types/organization.js';
import './types/viewer.js';
import './types/invitation.js';
import './types/audit-event.js';
import './types/webhook.js';
import './types/rate-limit.js';
import './types/api-key.js';
import './types/client-credential.js';
import './types/auth.js';
import './types/subscriptions.js';
import './types/trusted-documents.js';
import './types/assignment-change.js';
import './types/maintenance-record.js';
import './types/geo-position.js';
import './types/asset-signal.js';
import './types/incident.js';
import './types/asset-document.js';

builder.queryType({ description: 'Reads, of your organization only: a credential with the read scope (some fields are for admins only).' });
builder.mutationType({ description: 'Writes: admins with a write key (or, for some, a fine-grained permission); each is audited and returns what it changed. The login fields need no credential.' });

export const schema = builder.toSchema({ sortSchema: true });
