// Values derived from a configuration without loading its schema (config.ts loads zod and validates): the
// threads that read mail get the configuration as data and use these.
import type { Config } from './config.ts';

/** The deadline policy of the configuration, for the core. */
export function deadlinePolicy(config: Pick<Config, 'acknowledgeWithin' | 'answerBusinessDays'>) {
  return { acknowledge: config.acknowledgeWithin, answerBusinessDays: config.answerBusinessDays };
}

/**
 * Redress's own e-mail addresses, lower case: the mailboxes it receives at and the address it sends from. Mail
 * from one of them is never answered there (complainant.ts, messageSender).
 */
export function ownAddressesOf(config: Pick<Config, 'mailboxes' | 'outbound'>): string[] {
  const addresses = [...config.mailboxes.map((m) => m.address), config.outbound.from ?? ''];
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()))].filter(Boolean);
}

/** The organisation's own domains: those of its mailbox addresses. */
export function ownDomainsOf(config: Pick<Config, 'mailboxes'>): string[] {
  return [...new Set(config.mailboxes.map((m) => (m.address.split('@')[1] ?? '').toLowerCase()))].filter(
    Boolean,
  );
}
