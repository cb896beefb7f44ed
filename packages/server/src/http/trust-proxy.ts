import net from 'node:net';

/** Whom to believe about the client address in `X-Forwarded-For`: nobody, everybody, a hop count, or these proxies. */
export type TrustProxy = boolean | number | string[];

/** proxy-addr's names for address ranges, accepted in the list as well. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses BIAOZHU_TRUST_PROXY: unset or `false` (the default: the client address is the TCP peer, and
 * `X-Forwarded-For` is ignored, so nobody can choose their own address to dodge the login throttle); `true` (trust
 * every hop) or a whole number of proxy hops, both only when nothing but the proxies can reach the server; or a
 * comma-separated list of proxy addresses and CIDRs (e.g. `10.0.0.0/8,127.0.0.1`) or `loopback`, `linklocal`,
 * `uniquelocal`.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1) throw new Error('BIAOZHU_TRUST_PROXY: a hop count must be 1 or more (use false for none)');
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new Error(`BIAOZHU_TRUST_PROXY: "${entry}" is not an IP address, a CIDR (10.0.0.0/8) or loopback|linklocal|uniquelocal`);
    }
  }
  return entries;
}

/**
 * The setting as Fastify takes it. Fastify 5 fails a bare hop count closed (it trusts no hop), so a count becomes the
 * function proxy-addr understands: the first `n` hops from the server, starting with the TCP peer, are proxies.
 */
export function fastifyTrustProxy(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d+$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
