// SSRF guard: webhook URLs must be http(s) and must not resolve to private, loopback, link-local
// (or otherwise non-public) addresses, unless WEBHOOK_ALLOW_PRIVATE=true. Cloud metadata
// endpoints are refused always. The address is checked when the URL is saved, and again by the
// lookup of the connection itself (guardedLookup), so a name that resolves to a public address
// for the check and to a private one a moment later (DNS rebinding) still cannot be reached.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

// Instance metadata services (AWS, GCP, Azure, OpenStack: 169.254.169.254; AWS IPv6; ECS task
// metadata; Alibaba Cloud): credentials live there, so no setting allows them.
const metadata = new BlockList();
for (const address of ['169.254.169.254', '169.254.170.2', '100.100.100.200']) metadata.addAddress(address, 'ipv4');
metadata.addAddress('fd00:ec2::254', 'ipv6');

export const allowPrivateTargets = () => process.env.WEBHOOK_ALLOW_PRIVATE === 'true';

/** An address in its plain form: IPv4-mapped IPv6 (::ffff:a.b.c.d) as the IPv4 address. */
function plain(address: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], type: 'ipv4' };
  // The URL parser writes a mapped address in hex (::ffff:a9fe:a9fe).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), type: 'ipv4' };
  }
  const family = isIP(address);
  return family === 4 ? { address, type: 'ipv4' } : family === 6 ? { address, type: 'ipv6' } : null;
}

export function isPrivateAddress(address: string): boolean {
  const ip = plain(address);
  return !ip || blocked.check(ip.address, ip.type);
}

export function isMetadataAddress(address: string): boolean {
  const ip = plain(address);
  return !!ip && metadata.check(ip.address, ip.type);
}

export class UnsafeUrlError extends Error {}

/** Resolves a host name to its addresses (tests pass their own to play DNS tricks). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Why `address` may not be a webhook target right now, or null when it may. */
function refusalOf(address: string): string | null {
  if (isMetadataAddress(address)) return `${address} is a cloud metadata address (never allowed)`;
  if (!allowPrivateTargets() && isPrivateAddress(address)) {
    return `${address} is a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow)`;
  }
  return null;
}

/** Throws UnsafeUrlError (with a message fit for the caller) when `raw` is not a safe target. */
export async function assertSafeWebhookUrl(raw: string, resolve: Resolver = systemResolver): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeUrlError('url must use http or https');
  if (url.username || url.password) throw new UnsafeUrlError('url must not contain credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await resolve(host)).map((entry) => entry.address);
    } catch {
      // With private targets allowed, a name only the receiving network knows is fine; the
      // connection's lookup still refuses metadata addresses.
      if (allowPrivateTargets()) return url;
      throw new UnsafeUrlError(`url host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`url host ${host} does not resolve`);
  for (const address of addresses) {
    const refusal = refusalOf(address);
    if (refusal) throw new UnsafeUrlError(`url resolves to ${refusal}`);
  }
  return url;
}

/**
 * A `lookup` for net/tls connections (undici's `connect.lookup`): resolves with `resolve` and
 * fails the connection when any address is not a safe target, at the moment it is made.
 */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then((entries) => {
      const wanted = options.family === 4 || options.family === 6 ? entries.filter((entry) => entry.family === options.family) : entries;
      if (wanted.length === 0) throw Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
      for (const entry of wanted) {
        const refusal = refusalOf(entry.address);
        if (refusal) throw new Error(`webhook target refused: ${hostname} resolves to ${refusal}`);
      }
      if (options.all) (callback as (error: null, addresses: typeof wanted) => void)(null, wanted);
      else callback(null, wanted[0].address, wanted[0].family);
    }).catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
