// How fast the outbox may send to one destination domain. Receiving servers (and the relay in front of them)
// throttle or refuse a sender that opens many messages at once to one domain, so messages to a domain start at
// most `rate` per second, evenly spaced; messages to different domains do not wait for each other. Pure: the
// caller passes the time (a monotonic clock in milliseconds).

export interface PaceSettings {
  /** Messages per second to a domain without a rate of its own. */
  perDomainPerSecond: number;
  /** Rates of some domains (lower-case names), in messages per second. */
  domainRates: Readonly<Record<string, number>>;
}

/** The domain a message goes to: what follows the last @ of the recipient's address, in lower case. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Stale entries are dropped once this many domains are remembered (a domain's entry only matters while busy). */
const PRUNE_ABOVE = 1000;

export class DomainPace {
  readonly #settings: PaceSettings;
  /** Per domain, the earliest time the next message may start. */
  readonly #next = new Map<string, number>();

  constructor(settings: PaceSettings) {
    this.#settings = settings;
  }

  /** Milliseconds between two messages to `domain`. */
  intervalMs(domain: string): number {
    const rate = this.#settings.domainRates[domain] ?? this.#settings.perDomainPerSecond;
    return 1000 / rate;
  }

  /** How long a message to `domain` would wait from `nowMs`, without booking its start. */
  waitMs(domain: string, nowMs: number): number {
    return Math.max(0, (this.#next.get(domain) ?? nowMs) - nowMs);
  }

  /** Books the next start for a message to `domain`; returns how long it waits from `nowMs` (0: at once). */
  book(domain: string, nowMs: number): number {
    const start = Math.max(nowMs, this.#next.get(domain) ?? nowMs);
    this.#next.set(domain, start + this.intervalMs(domain));
    if (this.#next.size > PRUNE_ABOVE)
      for (const [d, next] of this.#next) if (next <= nowMs) this.#next.delete(d);
    return start - nowMs;
  }
}
