// Telling staff that outbound mail is stuck. While the SMTP server is down or refuses, each e-mail is retried
// with a growing back-off (outgoing-mail.ts), quietly; once the oldest waiting e-mail has waited longer than
// `outbound.alertAfterMinutes` (REDRESS_OUTBOX_ALERT_MINUTES), the sender logs it at error level (again every
// hour while it lasts, and once when mail flows again), and the administration page shows it. No e-mail is sent
// about it: it would wait in the same stuck outbox. The figure is also on /metrics
// (redress_outbox_oldest_age_seconds) for a monitoring system that pages someone.
// Mail held because the server refused our own sending (its password, our sender address, relaying: see
// sortSendFailure) is said at once, not after the delay: it will not pass until someone fixes the settings. Once
// per episode, by whichever instance sees it first (the key in `alerts_sent` is the oldest held e-mail's), at
// error level and on the administration page, and /metrics counts it (redress_outbox_held).
import { outboxWaiting } from '../adapters/db/outbox.repo.ts';
import { claimAlert } from '../adapters/db/sweep.repo.ts';
import { type OutboxDelay, outboxAlert, outboxDelay } from '../core/correspondence/outgoing-mail.ts';
import type { AppContext } from './context.ts';

export interface OutboxHealth extends OutboxDelay {
  /** E-mails waiting (pending, or being sent now). */
  waiting: number;
  /** When the oldest of them was queued, or null. */
  oldestAt: string | null;
  /** Why it was last given back (the server's reply or the connection error), or null. */
  lastFailure: string | null;
  /** Of those, held because the server refused our own sending; the oldest of these. */
  held: number;
  oldestHeldId: string | null;
  alertAfterMinutes: number;
}

export async function outboxHealth(ctx: AppContext): Promise<OutboxHealth> {
  const w = await outboxWaiting(ctx.database.db);
  const alertAfterMinutes = ctx.config.outbound.alertAfterMinutes;
  return { ...w, ...outboxDelay(w.oldestAt, ctx.clock.now(), alertAfterMinutes), alertAfterMinutes };
}

interface Log {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Looks at the outbox and says what outboxAlert decides; keeps when it last alerted. */
export class OutboxWatch {
  readonly #ctx: AppContext;
  readonly #log: Log;
  #lastAlertAt: string | null = null;
  #lastLookAt = 0;

  constructor(ctx: AppContext, log: Log) {
    this.#ctx = ctx;
    this.#log = log;
  }

  /** Looks now; returns what was said (null: nothing). */
  async check(): Promise<'alert' | 'recovered' | null> {
    const health = await outboxHealth(this.#ctx);
    const now = this.#ctx.clock.now();
    if (health.held > 0) {
      // Counted as alerting, so that 'recovered' is said when the mail flows again; not repeated hourly.
      this.#lastAlertAt = now;
      if (!(await claimAlert(this.#ctx.database.db, `outbox_held:${health.oldestHeldId}`, now))) return null;
      this.#log.error(
        {
          outbox: {
            waiting: health.waiting,
            held: health.held,
            oldestAt: health.oldestAt,
            lastFailure: health.lastFailure,
          },
        },
        `outbox: the outbound SMTP server refuses our own sending (the relay's user or password, our sender address, relaying), not the recipients: ${health.held} e-mails are held and go out, oldest first, as soon as it accepts again; check the outbound mail settings (REDRESS_OUTBOUND_USER, REDRESS_OUTBOUND_PASSWORD_ENV, REDRESS_OUTBOUND_FROM). Its answer: ${health.lastFailure ?? 'none recorded'}`,
      );
      return 'alert';
    }
    const said = outboxAlert(health, this.#lastAlertAt, now);
    if (said === 'alert') {
      this.#lastAlertAt = now;
      this.#log.error(
        {
          outbox: {
            waiting: health.waiting,
            oldestAt: health.oldestAt,
            waitingMinutes: health.waitingMinutes,
            lastFailure: health.lastFailure,
          },
        },
        `outbox: e-mail has waited ${health.waitingMinutes} minutes to be sent (alert after ${health.alertAfterMinutes}, REDRESS_OUTBOX_ALERT_MINUTES); the outbound SMTP server is down or refusing: ${health.lastFailure ?? 'no reply recorded yet'}`,
      );
    } else if (said === 'recovered') {
      this.#lastAlertAt = null;
      this.#log.info({ outbox: { waiting: health.waiting } }, 'outbox: mail is being sent again');
    }
    return said;
  }

  /** Looks at most once a minute (by the process's own time): called after every run of the sender. */
  async checkNowAndThen(): Promise<void> {
    if (Date.now() - this.#lastLookAt < 60_000) return;
    this.#lastLookAt = Date.now();
    await this.check();
  }
}
