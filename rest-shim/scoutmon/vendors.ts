// Scoutmon's /api/vendors routes (seed 003).
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { scoutmon } from './adapter.js';
import { assetBody, vendorBody } from './bodies.js';
import { assetSchema, vendorSchema } from './schemas.js';

const { values } = scoutmon;

const VENDOR_BODY = fields({
  name: { type: 'string', required: true, description: 'Vendor name.' },
  category: { type: 'string' },
  website: { type: 'string', description: 'Vendor website URL.' },
  risk_rating: { type: 'string', enum: values.riskRating },
  compliance_status: { type: 'string', enum: values.complianceStatus, description: 'Default: Not Reviewed.' },
  primary_contact_name: { type: 'string' },
  primary_contact_email: { type: 'string' },
  notes: { type: 'string' },
});

export const scoutmonVendors = routeTable('vendors', [
  defineListRoute(scoutmon, {
    method: 'GET', path: '/api/vendors', summary: 'List vendors', access: 'read',
    operation: op.RestListVendorsDocument,
    query: {
      search: { type: 'string', description: 'Vendor name (case-insensitive).' },
      category: { type: 'string' },
      risk_rating: { type: 'string', enum: values.riskRating },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: { search: query.search, category: query.category, riskRating: query.risk_rating && values.riskRating[query.risk_rating] },
    }),
    list: (data) => data.vendors,
    item: vendorBody,
    success: { description: 'Vendors with risk rating, compliance status and contacts.', item: vendorSchema },
  }),
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/vendors', summary: 'Create a vendor', access: 'write admin',
    operation: op.RestCreateVendorDocument,
    body: VENDOR_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(VENDOR_BODY, body) }),
    respond: (data) => ({ status: 201, body: vendorBody(found(data.createVendor, 'Vendor')) }),
    success: { status: 201, description: 'The created vendor.', schema: vendorSchema },
  }),
  defineRoute(scoutmon, {
    method: 'PUT', path: '/api/vendors/:id', summary: 'Replace a vendor (omitted fields are cleared)', access: 'write admin',
    pathIds: { id: 'Vendor' },
    operation: op.RestReplaceVendorDocument,
    body: VENDOR_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(VENDOR_BODY, body) }),
    respond: (data) => ({ body: vendorBody(found(data.replaceVendor, 'Vendor')) }),
    success: { status: 200, description: 'The vendor.', schema: vendorSchema },
  }),
  defineListRoute(scoutmon, {
    method: 'GET', path: '/api/vendors/:id/assets', summary: "A vendor's active (not retired) assets", access: 'read',
    pathIds: { id: 'Vendor' },
    operation: op.RestVendorAssetsDocument,
    variables: ({ params, page }) => ({ id: params.id, ...page }),
    list: (data) => {
      found(data.vendor, 'Vendor');
      return data.assets;
    },
    item: assetBody,
    success: { description: 'Assets that are not retired.', item: assetSchema },
  }),
]);
