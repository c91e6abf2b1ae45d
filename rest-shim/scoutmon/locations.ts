// Scoutmon's /api/locations routes (seed 003).
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { scoutmon } from './adapter.js';
import { locationBody } from './bodies.js';
import { locationSchema } from './schemas.js';

const LOCATION_BODY = fields({
  name: { type: 'string', required: true },
  type: { type: 'string', description: 'Default: Office.' },
  address: { type: 'string' },
  lat: { type: 'number', min: -90, max: 90, description: 'Latitude (decimal degrees).' },
  lng: { type: 'number', min: -180, max: 180, description: 'Longitude (decimal degrees).' },
});

export const scoutmonLocations = routeTable('locations', [
  defineListRoute(scoutmon, {
    method: 'GET', path: '/api/locations', summary: 'List locations', access: 'read',
    operation: op.RestListLocationsDocument,
    query: {
      search: { type: 'string', description: 'Location name (case-insensitive).' },
      type: { type: 'string', description: 'e.g. Office, Warehouse, Remote.' },
    },
    variables: ({ query, page }) => ({ ...page, filter: { search: query.search, type: query.type } }),
    list: (data) => data.locations,
    item: locationBody,
    success: { description: 'Locations.', item: locationSchema },
  }),
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/locations', summary: 'Create a location', access: 'write admin',
    operation: op.RestCreateLocationDocument,
    body: LOCATION_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(LOCATION_BODY, body) }),
    respond: (data) => ({ status: 201, body: locationBody(found(data.createLocation, 'Location')) }),
    success: { status: 201, description: 'The created location.', schema: locationSchema },
  }),
]);
