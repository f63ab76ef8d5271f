/** @module Which IP addresses the gateway may connect to when it fetches a URL on a caller's behalf (SSRF guard). */
import { BlockList, isIP } from 'node:net';

/**
 * Ranges that are not public unicast: private, loopback, link-local (which holds the EC2 metadata
 * endpoint 169.254.169.254), CGNAT, multicast, documentation and reserved blocks.
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry
 */
const BLOCKED_IPV4_SUBNETS: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/**
 * IPv6 ranges; `fc00::/7` covers the EC2 IPv6 metadata address fd00:ec2::254. Tunnelling and
 * translation prefixes that carry an IPv4 address are blocked whole: Teredo `2001::/32` (its
 * client address is obfuscated), 6to4 `2002::/16` and local-use NAT64 `64:ff9b:1::/48`, whose
 * translators are site-specific. Well-known NAT64 `64:ff9b::/96` and the IPv4-mapped and
 * IPv4-translated forms are checked through the IPv4 address they embed instead.
 */
const BLOCKED_IPV6_SUBNETS: readonly (readonly [string, number])[] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const BLOCKED = new BlockList();
for (const [network, prefix] of BLOCKED_IPV4_SUBNETS) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of BLOCKED_IPV6_SUBNETS) BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Expands an IPv6 literal to its eight 16-bit groups. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const octets = dotted[1].split('.').map(Number);
    const high = ((octets[0] ?? 0) << 8) | (octets[1] ?? 0);
    const low = ((octets[2] ?? 0) << 8) | (octets[3] ?? 0);
    text = `${text.slice(0, -dotted[1].length)}${high.toString(16)}:${low.toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  return [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups].map((group) => parseInt(group, 16));
}

/**
 * The IPv4 address embedded in an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-translated
 * (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address,
 * which reach the IPv4 host and must pass its check.
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups === undefined) return undefined;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0);
  const translated = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0;
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (!mapped && !translated && !nat64) return undefined;
  if (g5 === 0 && g6 === 0 && g7 <= 1 && mapped) return undefined;
  return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.');
}

/**
 * Whether the gateway may connect to `address` (an IP literal). Anything that is not a valid IP
 * literal is refused.
 */
function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return !BLOCKED.check(bare, 'ipv4');
  if (family !== 6) return false;
  if (BLOCKED.check(bare, 'ipv6')) return false;
  const ipv4 = embeddedIpv4(bare);
  return ipv4 === undefined ? true : !BLOCKED.check(ipv4, 'ipv4');
}

export { BLOCKED_IPV4_SUBNETS, BLOCKED_IPV6_SUBNETS, isPublicAddress };
