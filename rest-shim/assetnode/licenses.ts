// AssetNode's /api/licenses routes (seed 001): software licences with seat tracking.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { assetNode } from './adapter.js';
import { licenseBody, seatBody } from './bodies.js';
import { licenseSchema, seatSchema } from './schemas.js';

const { values } = assetNode;

const LICENSE_FIELDS = fields({
  vendor: { type: 'string' },
  product: { type: 'string' },
  edition: { type: 'string', description: 'Edition or plan.' },
  cost_per_seat: { type: 'number', min: 0, description: 'In currency units; or total_cost, not both.' },
  total_cost: { type: 'number', min: 0, description: 'In currency units; or cost_per_seat, not both.' },
  purchase_date: { type: 'date', description: 'YYYY-MM-DD' },
  expiry_date: { type: 'date', description: 'Renewal or expiry, YYYY-MM-DD.' },
  license_key: { type: 'string', description: 'Stored encrypted; answers show its last 4 characters.' },
  notes: { type: 'string' },
});
const CREATE_BODY = fields({
  ...LICENSE_FIELDS,
  name: { type: 'string', required: true },
  seats_total: { type: 'integer', required: true, min: 0, max: 1_000_000, graphql: 'seatsPurchased', description: 'Seats purchased.' },
});
const PATCH_BODY = fields({
  ...LICENSE_FIELDS,
  name: { type: 'string' },
  seats_total: { type: 'integer', min: 0, max: 1_000_000, graphql: 'seatsPurchased', description: 'Seats purchased; lower than seats_used makes the licence over-assigned.' },
});

const aLicense = { pathIds: { id: 'License' } };

export const assetNodeLicenses = routeTable('licenses', [
  defineListRoute(assetNode, {
    method: 'GET', path: '/api/licenses', summary: 'List software licences with seat tracking', access: 'read',
    operation: op.AssetNodeListLicensesDocument,
    query: {
      search: { type: 'string', description: 'Part of the name, vendor or product (case-insensitive).' },
      vendor: { type: 'string', description: 'Exact match.' },
      expires_before: { type: 'date', description: 'Expiry date on or before (YYYY-MM-DD).' },
      sort: { type: 'string', enum: values.licenseSort, default: 'name', description: 'A field, ascending; prefixed with - for descending. Default: name.' },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: { search: query.search, vendor: query.vendor, expiresBefore: query.expires_before },
      orderBy: { field: values.licenseSort[query.sort], direction: query.sort.startsWith('-') ? 'DESC' : 'ASC' },
    }),
    list: (data) => data.licenses,
    item: licenseBody,
    success: { description: 'One page of licences with seats_total, seats_used and seats_available.', item: licenseSchema },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/licenses', summary: 'Record a software licence', access: 'write admin',
    operation: op.AssetNodeCreateLicenseDocument,
    body: CREATE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(CREATE_BODY, body) }),
    respond: (data) => ({ status: 201, body: licenseBody(found(data.createLicense, 'License')) }),
    success: { status: 201, description: 'The licence.', schema: licenseSchema },
  }),
  defineRoute(assetNode, {
    method: 'PATCH', path: '/api/licenses/:id', summary: 'Update a licence (omitted fields keep their value, null clears)', access: 'write admin', ...aLicense,
    operation: op.AssetNodeUpdateLicenseDocument,
    body: PATCH_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(PATCH_BODY, body) }),
    respond: (data) => ({ body: licenseBody(found(data.updateLicense, 'License')) }),
    success: { status: 200, description: 'The updated licence.', schema: licenseSchema },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/licenses/:id/seats', summary: 'Assign a seat to an employee', access: 'write admin', ...aLicense,
    operation: op.AssetNodeAssignSeatDocument,
    body: { employee_id: { type: 'uuid', required: true, description: 'An active employee without a seat of this licence.' } },
    variables: ({ params, body }) => ({ input: { licenseId: params.id, userId: body.employee_id } }),
    respond: (data) => ({ status: 201, body: seatBody(found(data.assignLicenseSeat, 'Seat')) }),
    success: { status: 201, description: 'The seat (409 when every purchased seat is taken or the employee holds one).', schema: seatSchema },
  }),
  defineRoute(assetNode, {
    method: 'DELETE', path: '/api/licenses/:id/seats/:seatId', summary: 'Release a seat', access: 'write admin',
    pathIds: { id: 'License', seatId: 'Seat' },
    operation: op.AssetNodeReleaseSeatDocument,
    variables: ({ params }) => ({ id: params.seatId, licenseId: params.id }),
    respond: (data) => ({ body: seatBody(found(data.releaseLicenseSeat, 'Seat')) }),
    success: { status: 200, description: 'The released seat, kept as history (409 when it was already released).', schema: seatSchema },
  }),
]);
