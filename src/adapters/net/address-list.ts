// Which peers of the SMTP listener are the organisation's own relays (`smtp.trustedRelays`: addresses and CIDR
// networks, IPv4 and IPv6). Only such a relay's trace is believed for a message's arrival
// (src/core/intake/arrival.ts): any other peer could have written every Received line itself. Decided here, once
// per message, from the address of the connection; the rest of Redress is told only yes or no.
import { BlockList, isIP } from 'node:net';

/** Whether an address is one of `entries`. Nothing is trusted when `entries` is empty. */
export function relayTrust(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
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
