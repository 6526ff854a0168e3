// Lists of trusted peers by address, as the configuration names them: addresses and CIDR networks, IPv4 and IPv6,
// and proxy-addr's names for ranges (`loopback`, `linklocal`, `uniquelocal`, as REDRESS_TRUST_PROXY takes them).
// Two doors ask it: the SMTP listener, whose trusted relays alone are believed about a message's arrival
// (src/core/intake/arrival.ts), and /metrics, readable from the trusted proxies. One reading of an address for both,
// so that a peer the operator listed is trusted the same way at each.
import { BlockList, isIP } from 'node:net';

/** proxy-addr's names for address ranges. */
const NAMED_RANGES: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/** Whether an address is one of `entries` (checked by the configuration's schema). Nothing matches an empty list. */
export function addressMatcher(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const named = NAMED_RANGES[entry];
    if (named) {
      for (const [net, prefix, type] of named) list.addSubnet(net, prefix, type);
      continue;
    }
    const [address, bits] = entry.split('/');
    const type = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  return (address) => {
    if (!address) return false;
    // A link-local peer's zone (`fe80::1%eth0`) names the interface, not the peer. An IPv4 peer on a socket that
    // listens on both (`::ffff:127.0.0.1`) matches its IPv4 entries: BlockList checks the mapped form both ways.
    const bare = address.replace(/%.*$/, '');
    const version = isIP(bare);
    return version !== 0 && list.check(bare, version === 6 ? 'ipv6' : 'ipv4');
  };
}
