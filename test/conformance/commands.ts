// The commands of the conformance test: every door and action of the procedure, driven through the use cases
// (mail through the real intake path from raw bytes), with a clock the test moves. A command that the procedure
// refuses (a DomainError: answering a closed case, extending a late one…) is a legal outcome and is counted; any
// other error fails the sequence. After every command the invariants are checked (invariants.ts).
import fc from 'fast-check';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { changeCaseLanguage } from '../../src/app/case-contact.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { extendCase, extensionWindowOptions } from '../../src/app/extend-case.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { applyDeadlineRecompute } from '../../src/app/recompute-deadlines.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { updateSettings } from '../../src/app/settings.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { checkInvariants, type InvariantOptions, learnCases } from './invariants.ts';
import { addDays, type Lang, localDate, type Model, SENDERS } from './model.ts';
import type { System } from './system.ts';

const STAFF = 'user:conformance-staff';
/** The agent who opens inbox items: a person acting through a door (the inbox checks who may open a case). */
const AGENT = {
  role: 'agent',
  userId: 'conformance-agent',
  departments: [],
  actor: 'user:conformance-agent',
} as const;

const MARKERS: Record<Lang, [string, string]> = {
  fr: ['Transmission de réclamation - Etape 1', 'Transmission de réclamation - Etape 2'],
  en: ['Complaint escalation - Step 1', 'Complaint escalation - Step 2'],
  de: ['Beschwerdeweiterleitung - Stufe 1', 'Beschwerdeweiterleitung - Stufe 2'],
};

const BODIES: Record<Lang, (name: string) => string> = {
  fr: (name) =>
    [
      'Bonjour,',
      '',
      `Nom : ${name}`,
      'Ticket n° 482913',
      '',
      'Mon domaine dupont-boulangerie.fr ne répond plus depuis trois jours après la migration,',
      'et personne ne m’a répondu au support.',
      '',
      'J’attends que le domaine soit rétabli et que les trois jours me soient remboursés.',
      '',
      'Cordialement,',
      name,
    ].join('\n'),
  en: (name) =>
    [
      'Hello,',
      '',
      `Name: ${name}`,
      'Ticket 582914',
      '',
      'My domain carter-garden.co.uk has not answered for three days since the migration,',
      'and nobody at the support desk has replied to me.',
      '',
      'I expect the domain to be restored and the three days to be refunded.',
      '',
      'Kind regards,',
      name,
    ].join('\n'),
  de: (name) =>
    [
      'Guten Tag,',
      '',
      `Name: ${name}`,
      'Ticket-Nr. 682915',
      '',
      'Meine Domain schmidt-bau.de ist seit drei Tagen nach dem Umzug nicht mehr erreichbar,',
      'und der Support hat mir nicht geantwortet.',
      '',
      'Ich erwarte, dass die Domain wiederhergestellt wird und die drei Tage erstattet werden.',
      '',
      'Mit freundlichen Grüßen',
      name,
    ].join('\n'),
};

/** An RFC 5322 date of an instant (UTC), as a mail client writes it. */
function mailDate(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

type Act = (m: Model, s: System) => Promise<void>;

/** One step: what it does, and its label in a counterexample. */
class Step implements fc.AsyncCommand<Model, System> {
  readonly options: InvariantOptions;
  readonly label: string;
  readonly act: Act;
  constructor(options: InvariantOptions, label: string, act: Act) {
    this.options = options;
    this.label = label;
    this.act = act;
  }
  check(): boolean {
    return true;
  }
  async run(m: Model, s: System): Promise<void> {
    m.stats.steps++;
    const started = performance.now();
    try {
      await this.act(m, s);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      m.stats.refusals++;
    }
    const acted = performance.now();
    await learnCases(m, s);
    await checkInvariants(m, s, this.options);
    m.stats.actMs += acted - started;
    m.stats.checkMs += performance.now() - acted;
  }
  toString(): string {
    return this.label;
  }
}

const pickCase = (m: Model, i: number): string | null =>
  m.order.length ? m.order[i % m.order.length]! : null;

async function counts(s: System): Promise<{ cases: number; outbound: number }> {
  const { db } = s.test.database;
  const n = async (table: 'cases' | 'outbound_items') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { cases: await n('cases'), outbound: await n('outbound_items') };
}

const mailboxOf = (s: System, name: string) => s.ctx.config.mailboxes.find((b) => b.name === name)!;

/** A complaint e-mail at step 1 or 2, through the real intake path, sometimes naming a case's reference. */
const mailIn = (o: InvariantOptions, sender: number, step: 1 | 2, withReference: number | null) =>
  new Step(o, `mailIn(sender ${sender}, step ${step}, ref ${withReference})`, async (m, s) => {
    const who = SENDERS[sender]!;
    const ref = withReference === null ? null : pickCase(m, withReference);
    const reference = ref ? m.cases.get(ref)!.reference : '';
    const raw = rawMessage({
      from: `${who.name} <${who.email}>`,
      to: step === 1 ? 'complaint@example.org' : 'management@example.org',
      subject: `${MARKERS[who.language][step - 1]}${reference ? ` ${reference}` : ''}`,
      body: BODIES[who.language](who.name),
      date: mailDate(m.now),
    });
    m.sent.push({ raw, mailbox: step === 1 ? 'complaints' : 'management' });
    await receiveEmail(s.ctx, {
      raw,
      mailbox: mailboxOf(s, step === 1 ? 'complaints' : 'management'),
      door: 'pipe',
    });
  });

/** The complainant answers the latest mail Redress sent them, threading on it as a mail client does. */
const reply = (o: InvariantOptions, sender: number) =>
  new Step(o, `reply(sender ${sender})`, async (m, s) => {
    const who = SENDERS[sender]!;
    const last = await s.test.database.db
      .selectFrom('correspondence')
      .select(['message_id', 'subject'])
      .where('direction', '=', 'out')
      .where('to_address', '=', who.email)
      .where('message_id', 'is not', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const ps = { de: 'Noch eine Frage.', fr: 'Encore une question.', en: 'One more question.' }[who.language];
    const raw = rawMessage({
      from: `${who.name} <${who.email}>`,
      subject: last ? `Re: ${last.subject}` : MARKERS[who.language][0],
      inReplyTo: last?.message_id ?? undefined,
      references: last?.message_id ? [last.message_id] : undefined,
      body: `${ps}\n\n${BODIES[who.language](who.name)}`,
      date: mailDate(m.now),
    });
    m.sent.push({ raw, mailbox: 'complaints' });
    await receiveEmail(s.ctx, { raw, mailbox: mailboxOf(s, 'complaints'), door: 'pipe' });
  });

/** What a sender says at the start of a message of another kind (kind-statement.ts): the triage inbox first. */
const OTHER_KIND: Record<Lang, string> = {
  fr: 'Je signale un site de phishing qui utilise votre nom.',
  en: 'I am writing to report phishing that uses your name.',
  de: 'Ich möchte Ihnen einen Missbrauch melden.',
};

/**
 * A message that waits in the triage inbox for a person: in the sender's words of another kind (a report; it
 * goes on to the complaint), or automated mail from a shop's system (never answered automatically).
 */
const toInbox = (o: InvariantOptions, sender: number, automated: boolean) =>
  new Step(o, `toInbox(sender ${sender}, automated ${automated})`, async (m, s) => {
    const who = SENDERS[sender]!;
    const raw = rawMessage({
      from: automated ? 'Shop system <notifications@shop.example.com>' : `${who.name} <${who.email}>`,
      subject: automated ? 'Delivery failed for order 48213' : 'Phishing',
      body: automated
        ? BODIES[who.language](who.name)
        : `${OTHER_KIND[who.language]}\n\n${BODIES[who.language](who.name)}`,
      date: mailDate(m.now),
      ...(automated ? { headers: { 'Auto-Submitted': 'auto-generated' } } : {}),
    });
    m.sent.push({ raw, mailbox: 'complaints' });
    await receiveEmail(s.ctx, { raw, mailbox: mailboxOf(s, 'complaints'), door: 'pipe' });
  });

/** A person opens an item waiting in the inbox as a complaint (step 1 or 2) or a suggestion (P2.7). */
const openFromInbox = (o: InvariantOptions, index: number, kind: 'complaint' | 'suggestion', step: 1 | 2) =>
  new Step(o, `openFromInbox(${index}, ${kind}, step ${step})`, async (_m, s) => {
    const waiting = await s.test.database.db
      .selectFrom('inbox_items')
      .select('id')
      .where('status', '=', 'open')
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    if (!waiting.length) return;
    const { id } = waiting[index % waiting.length]!;
    const by = step === 2 && kind === 'complaint' ? { ...AGENT, role: 'management' as const } : AGENT;
    await handleInboxItem(
      s.ctx,
      id,
      { type: 'open_case', kind, step: kind === 'complaint' ? step : null },
      by,
    );
  });

/** The same message delivered again (a mail server's retry, an IMAP re-read). */
const duplicate = (o: InvariantOptions, index: number) =>
  new Step(o, `duplicate(${index})`, async (m, s) => {
    if (!m.sent.length) return;
    const { raw, mailbox } = m.sent[index % m.sent.length]!;
    const before = await counts(s);
    await receiveEmail(s.ctx, { raw, mailbox: mailboxOf(s, mailbox), door: 'pipe' });
    // The same message again is the same message: no new case, nothing new said to anyone.
    const after = await counts(s);
    if (JSON.stringify(after) !== JSON.stringify(before))
      throw new Error(`a duplicate delivery changed what is on file: ${JSON.stringify({ before, after })}`);
  });

/** A letter registered by staff, often days after it arrived (its answer date may have passed). */
const letter = (
  o: InvariantOptions,
  daysBack: number,
  sender: number,
  withEmail: boolean,
  step: 1 | 2,
  withReference: number | null,
) =>
  new Step(
    o,
    `letter(${daysBack} days back, sender ${sender}, email ${withEmail}, step ${step}, ref ${withReference})`,
    async (m, s) => {
      const who = SENDERS[sender]!;
      const ref = withReference === null ? null : pickCase(m, withReference);
      await registerLetter(
        s.ctx,
        {
          arrived: addDays(localDate(m.now), -daysBack),
          step,
          language: who.language,
          complainant: {
            name: who.name,
            email: withEmail ? who.email : null,
            postalAddress: [who.name, '12 Hauptstraße', '70173 Stuttgart'],
          },
          title: MARKERS[who.language][step - 1],
          description: BODIES[who.language](who.name),
          expectations: 'A refund.',
          caseReference: ref ? m.cases.get(ref)!.reference : null,
        },
        null,
        STAFF,
      );
    },
  );

/**
 * The public form or the API (both hand their fields to submitComplaint, where the rules are), each submission
 * under a key of its own or, sent again, under an earlier one: the same submission is one complaint.
 */
const form = (o: InvariantOptions, sender: number, complete: boolean, channel: 'web' | 'api', key: number) =>
  new Step(o, `form(sender ${sender}, complete ${complete}, ${channel}, key ${key})`, async (_m, s) => {
    const who = SENDERS[sender]!;
    const submit = () =>
      submitComplaint(
        s.ctx,
        {
          complainant: { name: who.name, email: who.email },
          language: who.language,
          description: BODIES[who.language](who.name),
          expectations: complete ? 'A refund.' : null,
          ticketRefs: complete ? ['482913'] : [],
          domains: complete ? ['example-shop.fr'] : [],
        },
        {
          channel,
          actor: channel === 'api' ? 'token:conformance' : 'anonymous',
          idempotencyKey: `k${key}-${sender}-${complete}`,
        },
      );
    const before = await counts(s);
    const first = await submit();
    if (!first.duplicate) return;
    // Sent again under its key: the same complaint, nothing new on file or said.
    const after = await counts(s);
    if (JSON.stringify(after) !== JSON.stringify(before))
      throw new Error(`a repeated submission changed what is on file: ${JSON.stringify({ before, after })}`);
  });

type CaseVerb =
  | 'acknowledge'
  | 'request_information'
  | 'answer'
  | 'escalate'
  | 'close'
  | 'reopen'
  | 'restrict';

const onCase = (o: InvariantOptions, verb: CaseVerb, index: number) =>
  new Step(o, `${verb}(case ${index})`, async (m, s) => {
    const id = pickCase(m, index);
    if (!id) return;
    switch (verb) {
      case 'acknowledge':
        await acknowledgeCase(s.ctx, id, STAFF);
        return;
      case 'request_information':
        await requestInformation(s.ctx, id, { missing: ['expectations'], note: null, actor: STAFF });
        return;
      case 'answer':
        await answerCase(s.ctx, id, {
          outcome: 'upheld',
          text: 'We restored the domain and refunded the three days.',
          remedy: null,
          actor: STAFF,
        });
        return;
      case 'escalate':
        await escalateCase(s.ctx, id, STAFF);
        return;
      case 'close':
        await actOnCase(s.ctx, id, { type: 'close', reason: 'Settled by telephone.' }, STAFF);
        return;
      case 'reopen':
        await actOnCase(s.ctx, id, { type: 'reopen', reason: 'The complainant wrote again.' }, STAFF);
        return;
      case 'restrict': {
        const c = m.cases.get(id)!;
        await actOnComplainant(
          s.ctx,
          c.complainantId,
          {
            type: 'restrict',
            restrictionId: s.ctx.newId(),
            kind: 'written_only',
            reason: 'Calls the support line many times a day.',
            reviewBy: addDays(localDate(m.now), 180),
            designatedContactId: null,
          },
          'user:conformance-manager',
        );
        m.restricted.add(c.complainantId);
        return;
      }
    }
  });

/** Extends with a window chosen from the choices offered to staff (only choices that can succeed are offered). */
const extend = (o: InvariantOptions, index: number, first: number, last: number) =>
  new Step(o, `extend(case ${index}, ${first}, ${last})`, async (m, s) => {
    const id = pickCase(m, index);
    if (!id) return;
    const options = await extensionWindowOptions(s.ctx, id);
    const start = options.firstDays[first % options.firstDays.length]!;
    const ends = options.lastDays.filter((d) => d >= start);
    if (!ends.length) return;
    await extendCase(s.ctx, id, {
      reason: 'An expert of the hosting team must look at it.',
      windowStart: start,
      windowEnd: ends[last % ends.length]!,
      actor: STAFF,
    });
  });

const merge = (o: InvariantOptions, target: number, dup: number) =>
  new Step(o, `merge(case ${dup} into case ${target})`, async (m, s) => {
    const into = pickCase(m, target);
    const from = pickCase(m, dup);
    if (!into || !from || into === from) return;
    await mergeCases(s.ctx, into, from, STAFF);
    m.cases.get(into)!.absorbed += 1 + m.cases.get(from)!.absorbed;
    m.cases.get(from)!.merged = true;
  });

const changeLanguage = (o: InvariantOptions, index: number, language: Lang) =>
  new Step(o, `changeLanguage(case ${index}, ${language})`, async (m, s) => {
    const id = pickCase(m, index);
    if (!id) return;
    const r = await changeCaseLanguage(
      s.ctx,
      id,
      { language, forComplainant: false, reason: 'The complainant asked for it.' },
      STAFF,
    );
    if (r.caseChanged) m.cases.get(id)!.language = language;
  });

/** An administrator closes the office on a day soon, then applies the recompute of open deadlines (P4.2). */
const calendarChange = (o: InvariantOptions, inDays: number) =>
  new Step(o, `closeOffice(in ${inDays} days)`, async (m, s) => {
    const day = addDays(localDate(m.now), inDays);
    const current = m.closures.at(-1)?.days ?? [];
    if (current.includes(day)) return;
    const days = [...current, day].sort();
    const last = await s.test.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    await updateSettings(
      s.ctx,
      s.base,
      { closureDays: days },
      { actor: 'user:conformance-admin', label: null, address: null },
    );
    m.closures.push({ afterEvent: Number(last?.id ?? 0), days });
    await applyDeadlineRecompute(s.ctx, { reason: 'Office closed.', actor: 'user:conformance-admin' });
  });

/** Time passes (hours and a few minutes): across nights, weekends, holidays and clock changes. */
const advance = (o: InvariantOptions, hours: number) =>
  new Step(o, `advance(${hours} h)`, async (m, s) => {
    m.now += hours * 3_600_000 + 17 * 60_000;
    s.clock.set(new Date(m.now).toISOString());
  });

export function commandArbitraries(o: InvariantOptions) {
  const sender = fc.integer({ min: 0, max: SENDERS.length - 1 });
  const index = fc.nat(40);
  const ref = fc.option(index, { freq: 2 });
  const step = fc.constantFrom<1 | 2>(1, 1, 2);
  const hours = fc.constantFrom(1, 5, 11, 23, 26, 47, 71, 97, 167);
  return [
    fc.tuple(sender, step, ref).map(([a, b, c]) => mailIn(o, a, b, c)),
    fc.tuple(sender, fc.boolean()).map(([a, auto]) => toInbox(o, a, auto)),
    fc
      .tuple(index, fc.constantFrom<'complaint' | 'suggestion'>('complaint', 'complaint', 'suggestion'), step)
      .map(([i, k, st]) => openFromInbox(o, i, k, st)),
    sender.map((a) => reply(o, a)),
    index.map((i) => duplicate(o, i)),
    fc
      .tuple(fc.integer({ min: 0, max: 30 }), sender, fc.boolean(), step, ref)
      .map(([d, a, e, st, r]) => letter(o, d, a, e, st, r)),
    fc
      .tuple(sender, fc.boolean(), fc.constantFrom<'web' | 'api'>('web', 'api'), fc.nat(3))
      .map(([a, c, ch, k]) => form(o, a, c, ch, k)),
    fc
      .tuple(
        fc.constantFrom<CaseVerb>(
          'acknowledge',
          'request_information',
          'answer',
          'answer',
          'escalate',
          'close',
          'reopen',
          'restrict',
        ),
        index,
      )
      .map(([v, i]) => onCase(o, v, i)),
    fc.tuple(index, fc.nat(20), fc.nat(20)).map(([i, a, b]) => extend(o, i, a, b)),
    fc.tuple(index, index).map(([a, b]) => merge(o, a, b)),
    fc.tuple(index, fc.constantFrom<Lang>('fr', 'en', 'de')).map(([i, l]) => changeLanguage(o, i, l)),
    fc.integer({ min: 0, max: 20 }).map((d) => calendarChange(o, d)),
    hours.map((h) => advance(o, h)),
    hours.map((h) => advance(o, h)),
  ];
}
