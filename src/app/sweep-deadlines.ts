// The sweep (every `alerts.sweepSeconds`): closes answered cases after the quiet period (P4.6), and tells staff
// what needs attention before it is late (P7.3): an immediate alert when a deadline passes (at any hour), a
// daily digest on working days from the digest hour (acknowledgements due, answers due within N working days or
// overdue, last day to send an extension notice, letters to post), and notices of new replies and assignments
// during working hours; and, at any hour, an alert when an acknowledgement that has not reached the complainant comes
// within `alerts.acknowledgementAtRiskHours` of its deadline (before it is late, which the digest of a working day
// would not say in time for a complaint of a Friday evening). It also puts right the stored due keys a lost move of the outbox left behind
// (settle-due-keys.ts). Every alert is keyed in `alerts_sent`, so none goes out twice; with several instances
// on PostgreSQL, an advisory lock lets exactly one run the sweep at a time.
import {
  acknowledgedWithEmailNotSent,
  acknowledgementItemsOf,
} from '../adapters/db/acknowledgements.repo.ts';
import { complainantStream } from '../adapters/db/aggregates.repo.ts';
import type { Db } from '../adapters/db/database.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import { recordCaseOf } from '../adapters/db/intake-lookups.repo.ts';
import {
  caseClocksOf,
  caseEventsAfter,
  caseSummary,
  claimAlert,
  claimAlerts,
  claimedAlerts,
  correspondenceSender,
  openCaseClocks,
  readCursor,
  restrictedComplainants,
  withSweepLock,
  writeCursor,
} from '../adapters/db/sweep.repo.ts';
import { canRead } from '../core/access/case-access.ts';
import { acknowledgementAtRisk } from '../core/case/clock.ts';
import { activeRestrictions, type ComplainantState } from '../core/case/complainant.ts';
import { clockFactsAsGiven } from '../core/correspondence/acknowledgement-given.ts';
import {
  type CaseClock,
  type Finding,
  findingsFor,
  isBreach,
  isWorkingHours,
} from '../core/correspondence/alerts.ts';
import { formatDate, formatDateTime, renderText, textsFor } from '../core/correspondence/compose.ts';
import type { TemplateKind } from '../core/correspondence/template-kinds.ts';
import { cleanDisplayName, cleanSubject } from '../core/intake/display-text.ts';
import { closeQuietCases } from './close-quiet-cases.ts';
import type { AppContext } from './context.ts';
import { activeTemplate, activeTemplates } from './manage-templates.ts';
import { caseUrl, queueEmail } from './outbound-mail.ts';
import { settleDueKeysInSweep } from './settle-due-keys.ts';
import {
  accountsDirectory,
  alertRecipients,
  memoisedDirectory,
  type StaffDirectory,
  type StaffMember,
} from './staff-directory.ts';
import { inTransaction } from './transaction.ts';

export interface SweepReport {
  ran: boolean;
  closed: string[];
  breaches: number;
  digests: number;
  notices: number;
  /** Acknowledgements at risk told (one per case and deadline, each to its owner and leads). */
  atRisk: number;
  /** Open complaints whose stored due key the sweep put right (settle-due-keys.ts). */
  dueKeysRepaired: number;
}

const NOTICE_CURSOR = 'notices';

/**
 * Breaches and digests are claimed and queued this many at a time, each batch in one transaction: few
 * transactions when many cases are late, yet short enough not to hold other writers back for long.
 */
const CLAIM_BATCH = 50;

type Templates = Awaited<ReturnType<typeof activeTemplates>>;

async function queueStaffMail(
  ctx: AppContext,
  db: Db,
  to: StaffMember,
  kind: TemplateKind,
  vars: Record<string, string | boolean | null>,
  aboutCases: readonly string[],
  templates?: Templates,
): Promise<void> {
  const { template, version } = templates
    ? templates.of(kind, to.language)
    : await activeTemplate(db, kind, to.language);
  const rendered = renderText(kind, template, { organisation: ctx.config.organisation.name, ...vars });
  await queueEmail(ctx, db, {
    caseId: null,
    purpose: kind,
    audience: 'staff',
    fromRole: 'complaints',
    to: to.email,
    subject: rendered.subject,
    text: rendered.text,
    language: to.language,
    inReplyTo: null,
    references: [],
    autoSubmitted: 'auto-generated',
    attachments: [],
    templateVersion: version,
    actor: 'system',
    aboutCases,
  });
}

/**
 * Claims these alerts and queues their mail, a batch per transaction: a key and its mail are written together or
 * not at all, so a crash neither sends an alert twice nor loses one (the next sweep finds it unclaimed). A key
 * claimed meanwhile by someone else is skipped. Returns the number of mails queued.
 */
async function claimAndQueue<T extends { key: string }>(
  ctx: AppContext,
  items: readonly T[],
  now: string,
  queue: (db: Db, templates: Templates, item: T) => Promise<number>,
): Promise<number> {
  let sent = 0;
  for (let i = 0; i < items.length; i += CLAIM_BATCH) {
    const batch = items.slice(i, i + CLAIM_BATCH);
    sent += await inTransaction(ctx, async (agg) => {
      const mine = await claimAlerts(
        agg.db,
        batch.map((b) => b.key),
        now,
      );
      if (mine.size === 0) return 0;
      const templates = await activeTemplates(agg.db);
      let n = 0;
      for (const item of batch) if (mine.has(item.key)) n += await queue(agg.db, templates, item);
      return n;
    });
  }
  return sent;
}

/**
 * What a staff mail says of a case's subject (or, for a review, of a person's name): what an outsider wrote, as one
 * line in our text; or, to someone whose role reads no case (an administrator, told of work nobody holds:
 * staff-directory.ts), that it is not shown. The case's reference and link say which case; its page then asks the
 * same rule. Every finding and notice is about a complaint.
 */
function subjectFor(to: StaffMember, subject: string): string {
  return readsCases(to) ? cleanSubject(subject) : textsFor(to.language).labels.digest.hidden;
}

const readsCases = (to: StaffMember) =>
  canRead({ role: to.role, userId: to.id, departments: [] }, { kind: 'complaint', department: null });

function describeFinding(ctx: AppContext, f: Finding, to: StaffMember): string {
  const language = to.language;
  const labels = textsFor(language).labels.digest;
  const subject = subjectFor(to, f.subject);
  const due = !f.due
    ? ''
    : f.due.length === 10
      ? formatDate(f.due, language, ctx.config.timezone)
      : formatDateTime(f.due, language, ctx.config.timezone);
  const label = {
    acknowledge_due: labels.acknowledgeDue,
    acknowledge_overdue: labels.acknowledgeOverdue,
    answer_due_soon: labels.answerDueSoon,
    extension_last_day: labels.extensionLastDay,
    answer_overdue: labels.answerOverdue,
    letter_to_post: labels.lettersToPost,
    restriction_review: labels.restrictionReview.replace('{{name}}', () => subject),
  }[f.kind].replace('{{due}}', due);
  return `- ${f.reference} "${subject}": ${label}\n  ${caseUrl(ctx, f.caseId)}`;
}

/**
 * An alert for each deadline passed, once. The alerts already sent are found in one look for the whole sweep, and
 * only the others are claimed. One with nobody to tell (no active staff account at all) is not claimed: it goes
 * out at the first sweep after someone exists.
 */
async function sendBreaches(ctx: AppContext, directory: StaffDirectory, findings: Finding[], now: string) {
  const byKey = new Map<string, Finding>();
  for (const f of findings.filter(isBreach)) byKey.set(`breach:${f.kind}:${f.caseId}:${f.due}`, f);
  const claimed = await claimedAlerts(ctx.database.db, [...byKey.keys()]);
  const due: { key: string; f: Finding; recipients: StaffMember[] }[] = [];
  for (const [key, f] of byKey) {
    if (claimed.has(key)) continue;
    const recipients = await alertRecipients(directory, f);
    if (recipients.length > 0) due.push({ key, f, recipients });
  }
  return claimAndQueue(ctx, due, now, async (db, templates, { f, recipients }) => {
    for (const to of recipients) {
      const dueText =
        f.kind === 'acknowledge_overdue'
          ? formatDateTime(f.due!, to.language, ctx.config.timezone)
          : formatDate(f.due!, to.language, ctx.config.timezone);
      await queueStaffMail(
        ctx,
        db,
        to,
        'staff_breach',
        {
          reference: f.reference,
          caseSubject: subjectFor(to, f.subject),
          acknowledgementLate: f.kind === 'acknowledge_overdue',
          answerLate: f.kind === 'answer_overdue',
          due: dueText,
          caseUrl: caseUrl(ctx, f.caseId),
        },
        [f.caseId],
        templates,
      );
    }
    return recipients.length;
  });
}

/**
 * An alert for each acknowledgement at risk (core/case/clock.ts acknowledgementAtRisk), once per case and deadline:
 * its owner and the leads of its step (alertRecipients), at any hour. `notSent` are the cases whose acknowledgement
 * was written but not taken by the mail server (or failed); the others' waits for a person (never sent
 * automatically: a flood-limited sender, a restricted channel, a designated contact, a letter to post).
 */
async function sendAtRisk(
  ctx: AppContext,
  directory: StaffDirectory,
  clocks: readonly CaseClock[],
  notSent: ReadonlySet<string>,
  now: string,
) {
  const due: { key: string; c: CaseClock; by: string; recipients: StaffMember[] }[] = [];
  const byKey = new Map<string, { c: CaseClock; by: string }>();
  for (const c of clocks) {
    const risk = acknowledgementAtRisk(c, now, ctx.config.alerts.acknowledgementAtRiskHours);
    if (risk) byKey.set(`at_risk:acknowledge:${c.id}:${risk.by}`, { c, by: risk.by });
  }
  if (byKey.size === 0) return 0;
  const claimed = await claimedAlerts(ctx.database.db, [...byKey.keys()]);
  for (const [key, { c, by }] of byKey) {
    if (claimed.has(key)) continue;
    const recipients = await alertRecipients(directory, c);
    if (recipients.length > 0) due.push({ key, c, by, recipients });
  }
  return claimAndQueue(ctx, due, now, async (db, templates, { c, by, recipients }) => {
    for (const to of recipients)
      await queueStaffMail(
        ctx,
        db,
        to,
        'staff_at_risk',
        {
          reference: c.reference,
          caseSubject: subjectFor(to, c.subject),
          due: formatDateTime(by, to.language, ctx.config.timezone),
          notSent: notSent.has(c.id),
          waitsForPerson: !notSent.has(c.id),
          caseUrl: caseUrl(ctx, c.id),
        },
        [c.id],
        templates,
      );
    return recipients.length;
  });
}

/** The day's digest, once per person: what they are told of (alertRecipients), in one mail. */
async function sendDigests(ctx: AppContext, directory: StaffDirectory, findings: Finding[], now: string) {
  const today = ctx.calendar.localDate(now).toString();
  const perRecipient = new Map<string, { key: string; to: StaffMember; findings: Finding[] }>();
  for (const f of findings)
    for (const to of await alertRecipients(directory, f)) {
      const entry = perRecipient.get(to.email) ?? { key: `digest:${to.email}:${today}`, to, findings: [] };
      entry.findings.push(f);
      perRecipient.set(to.email, entry);
    }
  const claimed = await claimedAlerts(
    ctx.database.db,
    [...perRecipient.values()].map((e) => e.key),
  );
  const due = [...perRecipient.values()].filter((e) => !claimed.has(e.key));
  return claimAndQueue(ctx, due, now, async (db, templates, { to, findings: mine }) => {
    await queueStaffMail(
      ctx,
      db,
      to,
      'staff_digest',
      {
        date: formatDate(today, to.language, ctx.config.timezone),
        count: String(new Set(mine.map((f) => f.caseId)).size),
        items: mine.map((f) => describeFinding(ctx, f, to)).join('\n'),
      },
      mine.map((f) => f.caseId),
      templates,
    );
    return 1;
  });
}

/**
 * New replies from complainants and new assignments, told to the owner (working hours only). A reply on a case whose
 * owner can no longer work it (a disabled account, or a role that reads no case) goes to those the deadline alerts
 * tell of work nobody holds (alertRecipients: the step's leads, failing them the other step's, the administrators),
 * as a help desk tells the group of a ticket whose agent has gone: told to that account alone, it reached nobody.
 */
async function sendNotices(ctx: AppContext, directory: StaffDirectory, now: string) {
  const db = ctx.database.db;
  const cursor = await readCursor(db, NOTICE_CURSOR);
  // Read a little behind the cursor: on PostgreSQL ids can commit out of order. Keys stop duplicates.
  const events = await caseEventsAfter(db, Math.max(0, cursor - 200), ['assigned', 'correspondence_filed']);
  let sent = 0;
  let last = cursor;
  for (const e of events) {
    last = Math.max(last, e.id);
    if (!e.stream.startsWith('case:')) continue;
    const caseId = e.stream.slice('case:'.length);
    const payload = JSON.parse(e.payload) as {
      to?: string | null;
      direction?: string;
      correspondenceId?: string;
    };
    const c = await caseSummary(db, caseId);
    if (!c) continue;
    let to: StaffMember[] = [];
    // The owner's notice keeps the key it always had; each of those told in the owner's stead has their own.
    let stead = false;
    let kind: TemplateKind;
    let vars: Record<string, string | null>;
    if (e.type === 'assigned') {
      if (!payload.to || e.actor === payload.to || e.actor === `user:${payload.to}`) continue;
      const member = await directory.member(payload.to);
      // One whose role no longer reads cases (made an administrator since) is not told of them.
      to = member && readsCases(member) ? [member] : [];
      kind = 'staff_assigned';
      vars = { answerByDate: null };
    } else {
      if (payload.direction !== 'in' || !c.owner_id || !payload.correspondenceId) continue;
      const owner = await directory.member(c.owner_id);
      to =
        owner && readsCases(owner)
          ? [owner]
          : (await alertRecipients(directory, { ownerId: null, step: c.step })).filter(readsCases);
      stead = !(owner && readsCases(owner));
      const from = await correspondenceSender(db, payload.correspondenceId);
      kind = 'staff_new_reply';
      vars = { from: cleanDisplayName(from?.from_name) || from?.from_address || '?' };
    }
    for (const member of to) {
      const told =
        kind === 'staff_assigned' && c.answer_by_date
          ? { ...vars, answerByDate: formatDate(c.answer_by_date, member.language, ctx.config.timezone) }
          : vars;
      const key = stead ? `notice:${e.id}:${member.email}` : `notice:${e.id}`;
      await inTransaction(ctx, async (agg) => {
        if (!(await claimAlert(agg.db, key, now))) return;
        await queueStaffMail(
          ctx,
          agg.db,
          member,
          kind,
          {
            reference: c.reference,
            // The subject and the sender's name came from outside: written as one line, as in every text of ours
            // (core/intake/display-text.ts), so they cannot add lines of their own to a mail from Redress.
            caseSubject: cleanSubject(c.subject),
            caseUrl: caseUrl(ctx, caseId),
            ...told,
          },
          [caseId],
        );
        sent++;
      });
    }
  }
  if (last !== cursor) await writeCursor(db, NOTICE_CURSOR, last, now);
  return sent;
}

/**
 * Restrictions whose review date has come (P8.3: a restriction is reviewed, never left to run on): one digest
 * line for the leads per complainant, linked to their latest case, whose page shows the restriction to keep or lift.
 */
async function restrictionReviews(ctx: AppContext, now: string): Promise<Finding[]> {
  const today = ctx.calendar.localDate(now).toString();
  const { db } = ctx.database;
  const rows = await restrictedComplainants(db);
  const out: Finding[] = [];
  for (const row of rows) {
    const { state } = await loadStream<ComplainantState>(db, complainantStream(row.id));
    if (!state) continue;
    const due = activeRestrictions(state)
      .map((r) => r.reviewBy)
      .filter((d) => d <= today)
      .sort()[0];
    if (!due) continue;
    // Named on their latest complaint, where those who decide restrictions work (core/case/record-case.ts).
    const latest = await recordCaseOf(db, row.id);
    if (!latest) continue;
    out.push({
      caseId: latest.id,
      reference: latest.reference,
      subject: row.name ?? '?',
      step: 1,
      ownerId: null,
      kind: 'restriction_review',
      due,
    });
  }
  return out;
}

/**
 * The clocks with the acknowledgement as given (acknowledgement-given.ts), not as recorded: a complaint whose
 * acknowledgement e-mail waits in the outbox (held until our sending settings are fixed, or the server down) or
 * failed still has its acknowledgement deadline open, and is alerted when it passes, as /metrics counts it late.
 * Only those are asked about (the outbox's acknowledgements not sent, few); every other clock is taken at its record,
 * which the rule gives too once the acknowledgement went out. The mapping is the queue's (clockFactsAsGiven).
 */
async function caseClocksWithAcknowledgementGiven(
  ctx: AppContext,
  clocks: CaseClock[],
  notSent: ReadonlyArray<{ id: string }>,
): Promise<CaseClock[]> {
  const db = ctx.database.db;
  if (notSent.length === 0) return clocks;
  const known = new Set(clocks.map((c) => c.id));
  const all = [
    ...clocks,
    ...(await caseClocksOf(
      db,
      notSent.map((c) => c.id).filter((id) => !known.has(id)),
    )),
  ];
  const items = await acknowledgementItemsOf(
    db,
    notSent.map((c) => c.id),
  );
  return clockFactsAsGiven(all, items);
}

export async function sweepDeadlines(ctx: AppContext, directory?: StaffDirectory): Promise<SweepReport> {
  const result = await withSweepLock(ctx.database.db, ctx.database.engine, async () => {
    // Who is who is read once per run (the same owners and leads come back for case after case), and afresh
    // at every run, so that an account added, disabled or given a role counts from the next sweep.
    const dir = memoisedDirectory(directory ?? accountsDirectory(ctx.database.db, ctx.config));
    const now = ctx.clock.now();
    const closed = await closeQuietCases(ctx);
    const cutoff = ctx.calendar.endOfDay(
      ctx.calendar.addWorkingDays(ctx.calendar.localDate(now), ctx.config.alerts.dueSoonWorkingDays),
    );
    const notSent = await acknowledgedWithEmailNotSent(ctx.database.db);
    const clocks = await caseClocksWithAcknowledgementGiven(
      ctx,
      await openCaseClocks(ctx.database.db, cutoff),
      notSent,
    );
    const findings = findingsFor(clocks, now, ctx.calendar, ctx.config.alerts.dueSoonWorkingDays);
    findings.push(...(await restrictionReviews(ctx, now)));
    const breaches = await sendBreaches(ctx, dir, findings, now);
    const atRisk = await sendAtRisk(ctx, dir, clocks, new Set(notSent.map((c) => c.id)), now);
    const working = isWorkingHours(now, ctx.calendar, ctx.config.alerts);
    const digests = working ? await sendDigests(ctx, dir, findings, now) : 0;
    const notices = working ? await sendNotices(ctx, dir, now) : 0;
    // Last, so that a failure here (logged, tried again at the next sweep) never holds back an alert.
    const repaired = await settleDueKeysInSweep(
      ctx,
      notSent.map((c) => c.id),
    );
    return { ran: true, closed, breaches, digests, notices, atRisk, dueKeysRepaired: repaired.length };
  });
  return (
    result ?? { ran: false, closed: [], breaches: 0, digests: 0, notices: 0, atRisk: 0, dueKeysRepaired: 0 }
  );
}

type SweepLog = {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  /** Pino's; a log without it has the line at error level. */
  warn?(obj: object, msg: string): void;
};

/**
 * Logs what a sweep did, as counts only (nothing that names a case or a person). Due keys put right get their own
 * line, only when there were some: a count that keeps coming back means moves of the outbox are being lost, or an
 * older instance is still writing rows. Returns whether the sweep queued mail (closed cases, alerts, notices).
 */
export function logSweep(log: SweepLog, r: SweepReport): boolean {
  const { dueKeysRepaired, ...alerts } = r;
  if (dueKeysRepaired > 0) log.info({ sweep: { dueKeysRepaired } }, 'sweep: due keys repaired');
  // An acknowledgement at risk is said in the log too, at warning level: when it is at risk because the mail
  // server takes nothing, the alert itself waits in the same outbox, and only the log reaches someone.
  if (r.atRisk > 0) {
    const line = { sweep: { atRisk: r.atRisk } };
    if (log.warn) log.warn(line, 'sweep: acknowledgements at risk of being late');
    else log.error(line, 'sweep: acknowledgements at risk of being late');
  }
  const queued = r.closed.length > 0 || r.breaches > 0 || r.digests > 0 || r.notices > 0 || r.atRisk > 0;
  if (queued) log.info({ sweep: { ...alerts, closed: r.closed.length } }, 'sweep: alerts queued');
  return queued;
}

/** Runs the sweep every `alerts.sweepSeconds` until stopped. */
export function startSweep(ctx: AppContext, log: SweepLog, onSent?: () => void): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (stopped) return;
    running = sweepDeadlines(ctx)
      .then((r) => {
        if (logSweep(log, r)) onSent?.();
      })
      .catch((e: unknown) => log.error({ err: e }, 'sweep failed; it runs again at the next interval'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ctx.config.alerts.sweepSeconds * 1000);
  setTimeout(tick, 1000).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
