// Values derived from a configuration without loading its schema (config.ts loads zod and validates): the
// threads that read mail get the configuration as data and use these.
import { domainToASCII, domainToUnicode } from 'node:url';
import type { Config } from './config.ts';

/** The deadline policy of the configuration, for the core. */
export function deadlinePolicy(
  config: Pick<Config, 'acknowledgeWithin' | 'answerBusinessDays'> &
    Partial<Pick<Config, 'pauseClockWhileWaiting'>>,
) {
  return {
    acknowledge: config.acknowledgeWithin,
    answerBusinessDays: config.answerBusinessDays,
    pauseWhileWaiting: config.pauseClockWhileWaiting ?? false,
  };
}

/**
 * Redress's own e-mail addresses, lower case: the mailboxes it receives at and the address it sends from. Mail
 * from one of them is never answered there (complainant.ts, messageSender).
 */
export function ownAddressesOf(config: Pick<Config, 'mailboxes' | 'outbound'>): string[] {
  const addresses = [...config.mailboxes.map((m) => m.address), config.outbound.from ?? ''];
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()))].filter(Boolean);
}

/**
 * The organisation's own domains: those of its mailbox addresses, lower case, each in its ASCII (punycode) form and
 * in Unicode, since mail may write a domain either way (`bücher.de` is `xn--bcher-kva.de`) and those who compare a
 * domain with this list compare it as written.
 */
export function ownDomainsOf(config: Pick<Config, 'mailboxes'>): string[] {
  // Asked for every message filed: worked out once per list of mailboxes (a configuration is never changed in
  // place; a new one comes with a new list).
  const known = ownDomainsMemo.get(config.mailboxes);
  if (known) return known;
  const domains = new Set<string>();
  for (const m of config.mailboxes) {
    const domain = (m.address.split('@')[1] ?? '').trim().toLowerCase();
    if (!domain) continue;
    domains.add(domain);
    const ascii = domainToASCII(domain);
    if (ascii) {
      domains.add(ascii);
      const unicode = domainToUnicode(ascii);
      if (unicode) domains.add(unicode);
    }
  }
  const list = [...domains];
  ownDomainsMemo.set(config.mailboxes, list);
  return list;
}

const ownDomainsMemo = new WeakMap<object, string[]>();
