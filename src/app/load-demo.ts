// `redress demo`: a handful of realistic cases in French, English and German at every stage, so that the queues,
// the case pages and the reports have something to show to a newcomer. E-mails go through the real mail door
// (receiveEmail), letters through openCase, and every later step through the same use cases staff use, on a clock
// that walks from a few weeks ago up to now. The names, addresses and texts are invented (example.net).
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Temporal } from 'temporal-polyfill';
import { caseCount } from '../adapters/db/cases.repo.ts';
import { markDemoMailSent } from '../adapters/db/demo.repo.ts';
import type { MailboxRole } from '../config.ts';
import { afterCaseOpened } from './acknowledge-case.ts';
import { answerCase } from './answer-case.ts';
import { closeQuietCases } from './close-quiet-cases.ts';
import { type AppContext, createAppContext } from './context.ts';
import { escalateCase } from './escalate-case.ts';
import { extendCase } from './extend-case.ts';
import { forwardSuggestionIn } from './forward-suggestion.ts';
import { openCaseIn } from './open-case.ts';
import { receiveEmail } from './receive-email.ts';
import { requestInformation } from './request-information.ts';
import { inTransaction } from './transaction.ts';

export interface DemoResult {
  cases: Array<{ reference: string; stage: string; language: string }>;
  inboxItems: number;
  outboxMarkedSent: number;
}

const ACTOR = 'demo';

interface DemoMail {
  from: { name: string; address: string };
  role: MailboxRole;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

async function rawMail(ctx: AppContext, to: string, m: DemoMail, id: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from,
    to,
    subject: m.subject,
    text: m.text,
    date: new Date(ctx.clock.now()),
    messageId: `<demo-${id}@example.net>`,
    headers: m.headers ?? {},
  });
  return composer.compile().build();
}

/** Loads the demo cases. Refuses when the database already holds cases (unless `force`). */
export async function loadDemo(
  base: AppContext,
  options: { force?: boolean; send?: boolean } = {},
): Promise<DemoResult> {
  const existing = await caseCount(base.database.db);
  if (existing > 0 && !options.force)
    throw new Error(
      `the database already holds ${existing} case(s); the demo is meant for an empty database (use --force to add it anyway)`,
    );
  // A clock that walks from weeks ago up to now, so that the cases are at their stage today.
  let current = base.clock.now();
  const realNow = current;
  const ctx = createAppContext(base.config, base.database, {
    clock: { now: () => current },
    calendar: base.calendar,
    newId: base.newId,
  });
  const cal = ctx.calendar;
  const today = cal.localDate(realNow);
  /** 09:30 local time (plus `minutes`) on the n-th working day before today. */
  const workingDaysAgo = (n: number, minutes = 0): string => {
    let d = today;
    let left = n;
    while (left > 0) {
      d = d.subtract({ days: 1 });
      if (cal.isWorkingDay(d)) left--;
    }
    const instant = d
      .toZonedDateTime({ timeZone: cal.timeZone, plainTime: Temporal.PlainTime.from('09:30') })
      .add({ minutes })
      .toInstant();
    const iso = instant.toString({ fractionalSecondDigits: 3 });
    return [iso, realNow].sort()[0]!;
  };
  const at = (iso: string) => {
    current = iso;
  };
  const mailbox = (role: MailboxRole) =>
    ctx.config.mailboxes.find((m) => m.role === role) ?? ctx.config.mailboxes[0]!;
  const mailIn = async (m: DemoMail) => {
    const box = mailbox(m.role);
    const raw = await rawMail(ctx, box.address, m, ctx.newId());
    return receiveEmail(ctx, { raw, mailbox: box, door: 'pipe' });
  };
  const cases: DemoResult['cases'] = [];
  const note = (reference: string | null, stage: string, language: string) => {
    if (reference) cases.push({ reference, stage, language });
  };

  // Closed (DE): answered, then closed after the quiet period.
  at(workingDaysAgo(30));
  const closed = await mailIn({
    role: 'complaints',
    from: { name: 'Thomas Becker', address: 'thomas.becker@example.net' },
    subject: 'Beschwerdeweiterleitung - Stufe 1',
    text: `Guten Tag,

bei der Verlängerung meiner Domain becker-tischlerei.de wurde mir der Preis für zwei Jahre berechnet, obwohl ich nur ein Jahr bestellt habe (Rechnung 2026-44817).

Ich bitte darum, die Differenz zu erstatten.

Mit freundlichen Grüßen
Thomas Becker`,
  });
  at(workingDaysAgo(26));
  await answerCase(ctx, closed.caseId!, {
    outcome: 'upheld',
    text: 'Sie haben recht: Bei der Verlängerung wurde versehentlich der Zweijahrestarif gewählt. Der Fehler lag bei uns.',
    remedy: 'Wir haben Ihnen die Differenz von 14,28 € auf Ihr Kundenkonto erstattet.',
    actor: ACTOR,
  });
  at(workingDaysAgo(14));
  await closeQuietCases(ctx);
  note(closed.reference, 'closed', 'de');

  // Escalated (EN): answered at step 1, then management was asked to review it.
  at(workingDaysAgo(22));
  const escalated = await mailIn({
    role: 'complaints',
    from: { name: 'Priya Shah', address: 'priya.shah@example.net' },
    subject: 'Complaint escalation - Step 1',
    text: `Hello,

My online shop (shah-ceramics.example) was offline for most of Saturday and support only answered on Monday. I lost a weekend of sales.

I would like compensation for the outage and an explanation of why nobody answered during the weekend.

Kind regards,
Priya Shah`,
  });
  at(workingDaysAgo(14));
  await answerCase(ctx, escalated.caseId!, {
    outcome: 'not_upheld',
    text: 'The outage was caused by a fault at our upstream provider and lasted 3 hours 40 minutes, within the availability promised in your contract. Weekend support for your plan is by e-mail with an answer on the next working day.',
    remedy: null,
    actor: ACTOR,
  });
  at(workingDaysAgo(2));
  const step2 = await escalateCase(ctx, escalated.caseId!, ACTOR);
  note(escalated.reference, 'answered, then escalated', 'en');
  note(step2.reference, 'step 2 (management), acknowledged', 'en');

  // Answered (FR).
  at(workingDaysAgo(9));
  const answered = await mailIn({
    role: 'complaints',
    from: { name: 'Lucas Bernard', address: 'lucas.bernard@example.net' },
    subject: 'Transmission de réclamation - Etape 1',
    text: `Bonjour,

Depuis la migration de mon hébergement, les e-mails envoyés depuis mon adresse contact@bernard-photo.example arrivent dans les indésirables de mes clients. Ticket n° 773104.

Je souhaite que la configuration (SPF, DKIM) soit corrigée et qu'on m'explique ce qui s'est passé.

Cordialement,
Lucas Bernard`,
  });
  at(workingDaysAgo(2));
  await answerCase(ctx, answered.caseId!, {
    outcome: 'partly_upheld',
    text: 'La signature DKIM n’avait pas été réactivée après la migration ; c’est une erreur de notre part. L’enregistrement SPF, en revanche, était correct.',
    remedy: 'Nous avons réactivé DKIM le jour même et vous offrons un mois d’hébergement.',
    actor: ACTOR,
  });
  note(answered.reference, 'answered', 'fr');

  // Extended (DE): the answer needs more time; the window was sent.
  at(workingDaysAgo(8));
  const extended = await mailIn({
    role: 'complaints',
    from: { name: 'Sabine Krüger', address: 'sabine.krueger@example.net' },
    subject: 'Beschwerdeweiterleitung - Stufe 1',
    text: `Sehr geehrte Damen und Herren,

meine Domain krueger-praxis.de wurde ohne Rückfrage an einen anderen Anbieter übertragen. Ich habe keinen Transfer beauftragt.

Ich erwarte, dass die Domain zurückgeholt wird und Sie mir erklären, wie das passieren konnte.

Mit freundlichen Grüßen
Sabine Krüger`,
  });
  at(workingDaysAgo(3));
  const extendedState = await inTransaction(ctx, (agg) => agg.loadCase(extended.caseId!));
  const dueDate = extendedState.state!.deadline!.answerByDate;
  await extendCase(ctx, extended.caseId!, {
    reason:
      'Der Transfer lief über die Registrierungsstelle; deren Auskunft zu den Autorisierungsdaten steht noch aus.',
    windowStart: dueDate,
    windowEnd: cal.addWorkingDays(dueDate, 5).toString(),
    actor: ACTOR,
  });
  note(extended.reference, 'extended', 'de');

  // Waiting on the complainant (EN): what they expect is missing; the team asked for it.
  at(workingDaysAgo(4));
  const waiting = await mailIn({
    role: 'complaints',
    from: { name: 'Oliver Bennett', address: 'oliver.bennett@example.net' },
    subject: 'Complaint escalation - Step 1',
    text: `Hi,

Your control panel has logged me out every few minutes since last week. It makes it impossible to edit my DNS records. I have cleared my cookies and tried two browsers.

Oliver Bennett`,
  });
  at(workingDaysAgo(3, 60));
  await requestInformation(ctx, waiting.caseId!, {
    missing: ['expectations'],
    note: 'It would also help to know roughly at what times this happens.',
    actor: ACTOR,
  });
  note(waiting.reference, 'waiting on the complainant', 'en');

  // A suggestion (FR), thanked and forwarded to a department.
  at(workingDaysAgo(3, 90));
  const suggestion = await mailIn({
    role: 'suggestions',
    from: { name: 'Élodie Roux', address: 'elodie.roux@example.net' },
    subject: 'Une idée pour les renouvellements',
    text: `Bonjour,

Il serait pratique de voir sur une seule page toutes les dates de renouvellement de mes domaines, avec un rappel un mois avant l'échéance.

Merci et bonne journée,
Élodie Roux`,
  });
  if (suggestion.caseId) {
    const s = await inTransaction(ctx, (agg) => agg.loadCase(suggestion.caseId!));
    // Forwarded as the keyword rules forward at intake (forwardSuggestionIn), not as a person picks a department
    // among those there are: an installation with no department configured yet still shows the stage, to a
    // department named for the demo.
    if (s.state?.suggestionStatus === 'received')
      await inTransaction(ctx, (agg) =>
        forwardSuggestionIn(ctx, agg, suggestion.caseId!, {
          department: ctx.config.departments[0]?.name ?? 'Domains',
          note: 'Idée récurrente chez nos clients.',
          actor: ACTOR,
        }),
      );
  }
  note(suggestion.reference, 'suggestion, forwarded', 'fr');

  // Acknowledged (FR), received yesterday.
  at(workingDaysAgo(1));
  const acknowledged = await mailIn({
    role: 'complaints',
    from: { name: 'Camille Martin', address: 'camille.martin@example.net' },
    subject: 'Transmission de réclamation - Etape 1',
    text: `Bonjour,

J'ai été prélevée deux fois pour le renouvellement de mon pack hébergement (facture 2026-51230), le 3 et le 4 du mois.

Je vous demande de me rembourser le second prélèvement.

Bien cordialement,
Camille Martin`,
  });
  note(acknowledged.reference, 'acknowledged', 'fr');

  // An inbox item: an automatic reply that reached the complaints address.
  at(workingDaysAgo(1, 30));
  const inbox = await mailIn({
    role: 'complaints',
    from: { name: 'Martin Vogel', address: 'm.vogel@example.net' },
    subject: 'Automatische Antwort: Ihre Rechnung',
    text: 'Ich bin bis zum Monatsende nicht im Büro. In dringenden Fällen wenden Sie sich bitte an meine Kollegin.',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });

  // New (DE): a letter registered this morning, with no e-mail address: its acknowledgement waits to be posted.
  at(realNow);
  const letter = await inTransaction(ctx, async (agg) => {
    const o = await openCaseIn(ctx, agg, {
      kind: 'complaint',
      step: 1,
      channel: 'letter',
      receivedAt: workingDaysAgo(0),
      language: 'de',
      subject: 'Beschwerdeweiterleitung - Stufe 1',
      complainant: { name: 'Helga Brandt', postalAddress: ['Lindenweg 12', '79098 Freiburg im Breisgau'] },
      fields: {
        ticketRefs: [],
        domains: ['brandt-pension.de'],
        description:
          'Mein Postfach ist seit zwei Wochen voll, obwohl ich laut Vertrag 10 GB Speicher habe. Die Anzeige im Kundenbereich zeigt nur 1 GB.',
        expectations: 'Bitte stellen Sie den vereinbarten Speicher bereit.',
      },
      missing: [],
      correspondenceId: null,
      actor: ACTOR,
    });
    await afterCaseOpened(ctx, agg, o, null, ACTOR);
    return o;
  });
  note(letter.reference, 'new (acknowledgement letter to post)', 'de');

  let outboxMarkedSent = 0;
  if (!options.send) {
    outboxMarkedSent = await markDemoMailSent(ctx.database, 'demo data: not actually sent');
  }
  return { cases, inboxItems: inbox.inboxItemId ? 1 : 0, outboxMarkedSent };
}
