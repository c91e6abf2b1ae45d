// Every REST route, from every dialect's tables (rest-shim/<dialect>/<area>.ts). The dispatcher
// (use-rest-shim.ts) and the OpenAPI document (openapi.ts) read this list.
import { assetItAuth } from './assetit/auth.js';
import { assetNodeAuditLog } from './assetnode/audit-log.js';
import { assetNodeAuth } from './assetnode/auth.js';
import { assetNodeHardware } from './assetnode/hardware.js';
import { assetNodeLicenses } from './assetnode/licenses.js';
import { assetNodeReports } from './assetnode/reports.js';
import { assetNodeAssignments, assetNodeEmployees } from './assetnode/people.js';
import type { Dialect } from './dialect.js';
import type { Route } from './route.js';
import { assetIt } from './assetit/adapter.js';
import { assetNode } from './assetnode/adapter.js';
import { scoutmon } from './scoutmon/adapter.js';
import { scoutmonAssets } from './scoutmon/assets.js';
import { scoutmonLocations } from './scoutmon/locations.js';
import { scoutmonUsers } from './scoutmon/users.js';
import { scoutmonVendors } from './scoutmon/vendors.js';
import { scoutmonWebhooks } from './scoutmon/webhooks.js';
import { senAsset } from './senasset/adapter.js';
import { senAssetAssets } from './senasset/assets.js';
import { senAssetUsers } from './senasset/users.js';
import { senAssetWebhooks } from './senasset/webhooks.js';

import { uniAsset } from './uniasset/adapter.js';
import { uniAssetAssets } from './uniasset/assets.js';
import { uniAssetMaintenance } from './uniasset/maintenance.js';
import { uniAssetGeoPosition } from './uniasset/geo-position.js';
import { uniAssetIot } from './uniasset/iot.js';


/** Every dialect, in the order the OpenAPI document lists them. */
export const dialects: readonly Dialect[] = [scoutmon, assetNode, assetIt, senAsset, uniAsset];

export const routes: readonly Route[] = [
  ...scoutmonAssets, ...scoutmonUsers, ...scoutmonVendors, ...scoutmonLocations, ...scoutmonWebhooks,
  ...assetNodeAuditLog, ...assetNodeAuth,
  ...assetNodeHardware, ...assetNodeEmployees, ...assetNodeAssignments, ...assetNodeLicenses, ...assetNodeReports,
  ...assetItAuth,
  ...senAssetAssets, ...senAssetUsers, ...senAssetWebhooks,
  ...uniAssetAssets, ...uniAssetMaintenance, ...uniAssetGeoPosition, ...uniAssetIot,
];
