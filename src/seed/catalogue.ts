// What generated organizations are made of: a model catalogue (with list prices, warranty terms
// and how common each model is), vendors, office cities, names and departments.
import type { Rng } from './random.js';

export interface CatalogueModel {
  category: string;
  manufacturer: string;
  model: string;
  /** List price; an asset's value varies around it. */
  price: number;
  /** 0: no warranty (software, consumables). */
  warrantyYears: number;
  /** Relative frequency in a fleet. */
  weight: number;
  /** No serial number and no location (subscriptions). */
  virtual?: boolean;
}

const model = (category: string, manufacturer: string, name: string, price: number, warrantyYears: number, weight: number, virtual = false): CatalogueModel =>
  ({ category, manufacturer, model: name, price, warrantyYears, weight, virtual });

export const MODELS: readonly CatalogueModel[] = [
  model('Laptop', 'Apple', 'MacBook Pro 14" M3', 2399, 1, 40),
  model('Laptop', 'Apple', 'MacBook Pro 16" M3 Max', 3999, 1, 12),
  model('Laptop', 'Apple', 'MacBook Air 13" M2', 1299, 1, 30),
  model('Laptop', 'Dell', 'Latitude 5440', 1349, 3, 45),
  model('Laptop', 'Dell', 'XPS 13 Plus', 1799, 2, 15),
  model('Laptop', 'Lenovo', 'ThinkPad X1 Carbon Gen 11', 2199, 3, 35),
  model('Laptop', 'Lenovo', 'ThinkPad T14s Gen 4', 1599, 3, 40),
  model('Laptop', 'HP', 'EliteBook 840 G10', 1499, 3, 30),
  model('Desktop', 'Apple', 'Mac mini M2 Pro', 1299, 1, 8),
  model('Desktop', 'Dell', 'OptiPlex 7010 Micro', 899, 3, 20),
  model('Desktop', 'HP', 'Z2 Mini G9 Workstation', 1899, 3, 6),
  model('Monitor', 'Dell', 'UltraSharp U2723QE', 749, 3, 60),
  model('Monitor', 'Dell', 'P2423D', 329, 3, 40),
  model('Monitor', 'LG', 'UltraFine 27UN880', 699, 2, 20),
  model('Monitor', 'Apple', 'Studio Display', 1599, 1, 8),
  model('Monitor', 'Samsung', 'ViewFinity S8', 599, 2, 15),
  model('Phone', 'Apple', 'iPhone 15', 1299, 1, 35),
  model('Phone', 'Apple', 'iPhone 15 Pro', 1749, 1, 15),
  model('Phone', 'Samsung', 'Galaxy S24', 1199, 1, 15),
  model('Phone', 'Google', 'Pixel 8', 999, 1, 8),
  model('Tablet', 'Apple', 'iPad Air 11" M2', 899, 1, 12),
  model('Tablet', 'Samsung', 'Galaxy Tab S9', 1099, 1, 5),
  model('Accessory', 'CalDigit', 'TS4 Thunderbolt Dock', 499, 2, 25),
  model('Accessory', 'Dell', 'WD19S USB-C Dock', 289, 3, 30),
  model('Accessory', 'Logitech', 'MX Keys S', 159, 1, 25),
  model('Accessory', 'Logitech', 'MX Master 3S', 149, 1, 30),
  model('Headset', 'Jabra', 'Evolve2 65', 329, 2, 25),
  model('Headset', 'Poly', 'Voyager Focus 2', 379, 2, 12),
  model('Network', 'Cisco', 'Catalyst 9200L-24P', 3899, 5, 3),
  model('Network', 'Ubiquiti', 'UniFi U6 Pro Access Point', 229, 1, 8),
  model('Server', 'Dell', 'PowerEdge R760', 11999, 5, 2),
  model('Printer', 'HP', 'LaserJet Enterprise M507', 699, 1, 4),
  model('Conference', 'Logitech', 'Rally Bar', 3999, 2, 3),
  model('SaaS', 'Atlassian', 'Jira Software Cloud seat', 96, 0, 20, true),
  model('SaaS', 'Microsoft', 'Microsoft 365 E3 licence', 432, 0, 30, true),
  model('SaaS', 'Adobe', 'Creative Cloud All Apps seat', 1079, 0, 6, true),
  model('SaaS', 'Slack', 'Slack Business+ seat', 150, 0, 15, true),
];
export const MODEL_WEIGHTS = MODELS.map((entry) => entry.weight);

/** The manufacturers of the catalogue first (their models point at them), then resellers and services. */
export const VENDORS = [
  ...[...new Set(MODELS.map((entry) => entry.manufacturer))].map((name) => ({ name, category: 'Hardware' })),
  { name: 'CDW', category: 'Reseller' }, { name: 'Insight Enterprises', category: 'Reseller' },
  { name: 'SHI International', category: 'Reseller' }, { name: 'Softchoice', category: 'Reseller' },
  { name: 'Data#3', category: 'Reseller' }, { name: 'Iron Mountain', category: 'Disposal' },
  { name: 'AWS Marketplace', category: 'ICT / Cloud & Hosting' }, { name: 'Budget Gadgets Ltd', category: 'Accessories' },
  { name: 'Okta', category: 'ICT / Cloud & Hosting' }, { name: 'CrowdStrike', category: 'Security' },
  { name: 'Jamf', category: 'Software' }, { name: 'Telstra', category: 'Telecommunications' },
  { name: 'Vodafone', category: 'Telecommunications' },
] as const;

export const CITIES: readonly { city: string; country: string; lat: number; lng: number }[] = [
  { city: 'Sydney', country: 'AU', lat: -33.8688, lng: 151.2093 }, { city: 'Melbourne', country: 'AU', lat: -37.8136, lng: 144.9631 },
  { city: 'Brisbane', country: 'AU', lat: -27.4698, lng: 153.0251 }, { city: 'Perth', country: 'AU', lat: -31.9505, lng: 115.8605 },
  { city: 'Auckland', country: 'NZ', lat: -36.8485, lng: 174.7633 }, { city: 'Singapore', country: 'SG', lat: 1.3521, lng: 103.8198 },
  { city: 'Tokyo', country: 'JP', lat: 35.6762, lng: 139.6503 }, { city: 'Seoul', country: 'KR', lat: 37.5665, lng: 126.978 },
  { city: 'Bengaluru', country: 'IN', lat: 12.9716, lng: 77.5946 }, { city: 'Dubai', country: 'AE', lat: 25.2048, lng: 55.2708 },
  { city: 'London', country: 'GB', lat: 51.5074, lng: -0.1278 }, { city: 'Dublin', country: 'IE', lat: 53.3498, lng: -6.2603 },
  { city: 'Amsterdam', country: 'NL', lat: 52.3676, lng: 4.9041 }, { city: 'Berlin', country: 'DE', lat: 52.52, lng: 13.405 },
  { city: 'Paris', country: 'FR', lat: 48.8566, lng: 2.3522 }, { city: 'Madrid', country: 'ES', lat: 40.4168, lng: -3.7038 },
  { city: 'Stockholm', country: 'SE', lat: 59.3293, lng: 18.0686 }, { city: 'Zurich', country: 'CH', lat: 47.3769, lng: 8.5417 },
  { city: 'New York', country: 'US', lat: 40.7128, lng: -74.006 }, { city: 'San Francisco', country: 'US', lat: 37.7749, lng: -122.4194 },
  { city: 'Austin', country: 'US', lat: 30.2672, lng: -97.7431 }, { city: 'Chicago', country: 'US', lat: 41.8781, lng: -87.6298 },
  { city: 'Toronto', country: 'CA', lat: 43.6532, lng: -79.3832 }, { city: 'São Paulo', country: 'BR', lat: -23.5505, lng: -46.6333 },
  { city: 'Mexico City', country: 'MX', lat: 19.4326, lng: -99.1332 },
];
/** Two sites per city: an office and a second site of another kind. */
export const SITE_KINDS = ['Office', 'Warehouse', 'Data Center', 'Store'] as const;

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'James', 'Mia', 'William', 'Amelia',
  'Benjamin', 'Harper', 'Lucas', 'Evelyn', 'Henry', 'Abigail', 'Theodore', 'Emily', 'Jack', 'Ella', 'Levi', 'Chloe',
  'Alexander', 'Grace', 'Mateo', 'Zoe', 'Daniel', 'Nora', 'Michael', 'Lily', 'Sebastian', 'Hannah', 'Aiden', 'Aria',
  'Samuel', 'Layla', 'Wei', 'Priya', 'Hiroshi', 'Aisha', 'Carlos', 'Fatima', 'Ivan', 'Yuki', 'Omar', 'Ingrid', 'Kofi',
  'Siobhan', 'Mateus', 'Anika', 'Tariq', 'Leilani', 'Sven', 'Chiara', 'Ravi', 'Mei', 'Diego',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
  'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Hill', 'Green',
  'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Chen', 'Wang', 'Patel', 'Kim', 'Singh', 'Tanaka', 'Müller',
  "O'Brien", 'Kowalski', 'Rossi', 'Novak', 'Silva', 'Haddad', 'Okafor', 'Larsen', 'Dubois', 'Ivanova', 'Costa', 'Sato', 'Murphy',
];
export const DEPARTMENTS = [
  'Engineering', 'Engineering', 'Engineering', 'Sales', 'Sales', 'Customer Success', 'Support', 'Marketing', 'Finance',
  'People', 'Legal', 'Operations', 'Design', 'Product', 'Data', 'IT',
];

export const ORGANIZATION_NAMES = [
  'Acme Corporation', 'Globex', 'Initech', 'Umbrella Health', 'Stark Industries', 'Wayne Enterprises', 'Hooli',
  'Soylent Foods', 'Cyberdyne Systems', 'Tyrell Corporation', 'Wonka Industries', 'Aperture Science',
];

export const ASSET_NOTES = [
  'Screen replaced under warranty.', 'Loaner pool: return to IT after use.', 'Battery health below 80 %.',
  'Keyboard sticky; ticket open with vendor.', 'Asset label re-printed.', 'Reimaged after role change.',
  'Approved exception: personal travel allowed.', 'Purchased from project budget.',
];

/** What a fleet tracks beyond the columns: a few facts per category. */
export function customFieldsFor(entry: CatalogueModel, rng: Rng): Record<string, unknown> {
  switch (entry.category) {
    case 'Laptop':
    case 'Desktop':
      return {
        ram_gb: rng.pick([8, 16, 16, 32, 32, 64]), storage_gb: rng.pick([256, 512, 512, 1024, 2048]),
        os: entry.manufacturer === 'Apple' ? rng.pick(['macOS 14', 'macOS 15']) : rng.pick(['Windows 11 Pro', 'Windows 11 Enterprise', 'Ubuntu 24.04']),
        disk_encrypted: rng.chance(0.97), mdm_enrolled: rng.chance(0.95),
      };
    case 'Phone':
    case 'Tablet':
      return { storage_gb: rng.pick([128, 256, 512]), carrier: rng.pick(['Telstra', 'Vodafone', 'T-Mobile', 'Verizon', 'none']), mdm_enrolled: rng.chance(0.9) };
    case 'Monitor':
      return { size_in: entry.model.includes('27') || entry.model.includes('U27') ? 27 : rng.pick([24, 27, 32]), ports: rng.pick(['USB-C, HDMI', 'DP, HDMI', 'Thunderbolt']) };
    case 'SaaS':
      return { seats: 1, billing: rng.pick(['monthly', 'annual']), sso: rng.chance(0.8) };
    case 'Network':
    case 'Server':
      return { rack: `R${rng.int(1, 12)}-U${rng.int(1, 42)}`, firmware: `${rng.int(1, 17)}.${rng.int(0, 9)}.${rng.int(0, 20)}` };
    default:
      return {};
  }
}

/** A serial number in the style of the manufacturer. */
export function serialFor(entry: CatalogueModel, rng: Rng): string {
  switch (entry.manufacturer) {
    case 'Apple': return `C02${rng.alphanumeric(9)}`;
    case 'Dell': return rng.alphanumeric(7);
    case 'Lenovo': return `PF${rng.alphanumeric(6)}`;
    case 'HP': return `5CG${rng.int(1000, 9999)}${rng.alphanumeric(3)}`;
    default: return `SN${rng.alphanumeric(10)}`;
  }
}
