// Every text that reaches a complainant, rendered in French, English and German with realistic values, in every
// combination of its sections that a real case can take: nothing of the machinery may show through (a variable
// left as `{{…}}`, a value missing from its sentence, a raw date, a word of another language), and the dates read
// as each language writes them, on the organisation's local day (P10, P3.2, P4.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CaseState } from '../case/case.ts';
import { LANGUAGES, type Language, type Outcome, type RestrictionKind } from '../case/model.ts';
import { detectLanguage } from '../intake/language.ts';
import {
  acknowledgementExtras,
  answerDateMovedExtras,
  answerExtras,
  type Extras,
  extensionExtras,
  informationRequestExtras,
  restrictionExtras,
  step2ByPostExtras,
} from './case-texts.ts';
import {
  builtInTemplate,
  caseVariables,
  formatDate,
  greeting,
  type OrganisationDetails,
  renderText,
  textsFor,
} from './compose.ts';
import { composeReply } from './reply.ts';
import type { TemplateKind } from './template-kinds.ts';

const org: OrganisationDetails = {
  name: 'Example Hosting GmbH',
  timeZone: 'Europe/Berlin',
  complaintsPostalAddress: ['Example Hosting GmbH', 'Beschwerdestelle', 'Musterstraße 1', '76133 Karlsruhe'],
  managementPostalAddress: ['Example Hosting GmbH', 'Geschäftsleitung', 'Musterstraße 1', '76133 Karlsruhe'],
  managementEmail: 'direction@example.test',
  markers: {
    step1: [
      'Transmission de réclamation - Etape 1',
      'Complaint escalation - Step 1',
      'Beschwerdeweiterleitung - Stufe 1',
    ],
    step2: [
      'Transmission de réclamation - Etape 2',
      'Complaint escalation - Step 2',
      'Beschwerdeweiterleitung - Stufe 2',
    ],
  },
  disputeResolution: {
    fr: 'Nous ne participons pas à une procédure de règlement des litiges devant un organisme de conciliation.',
    en: 'We do not take part in dispute resolution proceedings before a consumer arbitration board.',
    de: 'Wir nehmen nicht an Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teil.',
  },
  publicUrl: 'https://redress.example.test',
};

/** What the staff wrote, in the case's language (a reason, an answer, a remedy): real texts are. */
const WRITTEN: Record<Language, { reason: string; text: string; remedy: string; reply: string }> = {
  fr: {
    reason: 'Nous attendons le rapport de notre prestataire sur la panne du 3 mars.',
    text: 'Votre serveur a été indisponible pendant six heures à cause d’une erreur de notre part.',
    remedy: 'Nous vous remboursons le mois de mars.',
    reply: 'Pouvez-vous nous indiquer le numéro de votre contrat ?',
  },
  en: {
    reason: 'We are waiting for our provider’s report on the outage of 3 March.',
    text: 'Your server was unavailable for six hours because of a mistake on our side.',
    remedy: 'We refund the month of March.',
    reply: 'Could you tell us the number of your contract?',
  },
  de: {
    reason: 'Wir warten auf den Bericht unseres Dienstleisters zur Störung vom 3. März.',
    text: 'Ihr Server war sechs Stunden lang nicht erreichbar, weil uns ein Fehler unterlaufen ist.',
    remedy: 'Wir erstatten Ihnen den Monat März.',
    reply: 'Können Sie uns bitte Ihre Vertragsnummer nennen?',
  },
};

/** The months as each language writes them in a date. */
const MONTHS: Record<Language, string> = {
  fr: '(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)',
  en: '(?:January|February|March|April|May|June|July|August|September|October|November|December)',
  de: '(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)',
};
const DATE: Record<Language, RegExp> = {
  fr: new RegExp(`\\b(?:1er|[12]?[0-9]|3[01]) ${MONTHS.fr} \\d{4}\\b`, 'g'),
  en: new RegExp(`\\b(?:[12]?[0-9]|3[01]) ${MONTHS.en} \\d{4}\\b`, 'g'),
  de: new RegExp(`\\b(?:[12]?[0-9]|3[01])\\. ${MONTHS.de} \\d{4}\\b`, 'g'),
};

function state(step: 1 | 2, kind: CaseState['kind'] = 'complaint'): CaseState {
  return {
    id: 'c1',
    reference: step === 2 ? 'RC-2026-000042' : 'RC-2026-000041',
    kind,
    step: kind === 'complaint' ? step : null,
    missing: ['expectations', 'marker'],
    extensions: [],
    outcome: null,
  } as unknown as CaseState;
}

/**
 * Received at 00:30 in Berlin on the day summer time begins (23:30 UTC the day before), answer due on the day
 * it ends: both dates are the local ones, never UTC's.
 */
const RECEIVED_AT = '2026-03-28T23:30:00.000Z';
const ANSWER_BY = '2026-10-25';

interface Rendered {
  label: string;
  language: Language;
  subject: string;
  text: string;
  /** Values given that the text must show. */
  shows: string[];
}

function render(
  kind: TemplateKind,
  language: Language,
  s: CaseState,
  extras: Extras,
  recipient: { name: string | null; byEmail: boolean },
  label: string,
  shows: string[] = [],
): Rendered {
  const vars = {
    ...caseVariables(
      language,
      org,
      {
        reference: s.reference,
        kind: s.kind,
        step: s.step,
        subject: 'Serveur indisponible',
        receivedAt: RECEIVED_AT,
        answerByDate: s.kind === 'complaint' ? ANSWER_BY : null,
        step1Reference: s.step === 2 ? 'RC-2026-000041' : null,
      },
      recipient,
    ),
    ...extras,
  };
  const r = renderText(kind, builtInTemplate(kind, language), vars);
  return { label: `${kind}/${language}/${label}`, language, subject: r.subject, text: r.text, shows };
}

const RECIPIENTS = [
  { name: 'Jean-Pierre Müller', byEmail: true },
  { name: null, byEmail: false },
] as const;

function everyText(): Rendered[] {
  const out: Rendered[] = [];
  for (const language of LANGUAGES) {
    const w = WRITTEN[language];
    for (const recipient of RECIPIENTS) {
      const who = `${recipient.name ?? 'anonymous'}/${recipient.byEmail ? 'email' : 'letter'}`;
      for (const step of [1, 2] as const) {
        const s = state(step);
        for (const missing of [true, false]) {
          const withMissing = { ...s, missing: missing ? s.missing : [] } as CaseState;
          for (const caseLink of [null, 'https://redress.example.test/c/abc'])
            out.push(
              render(
                'acknowledgement',
                language,
                withMissing,
                {
                  ...acknowledgementExtras(
                    withMissing,
                    language,
                    org,
                    s.step === 2 ? 'RC-2026-000041' : null,
                  ),
                  caseLink,
                },
                recipient,
                `${who}/step${step}/missing:${missing}/link:${!!caseLink}`,
                [s.reference, ...(caseLink ? [caseLink] : [])],
              ),
            );
        }
        // Where the clock pauses while the case waits on them (P4.5), the texts that ask say so.
        for (const paused of [false, true]) {
          const o = { ...org, clockPausesWhileWaiting: paused };
          out.push(
            render(
              'acknowledgement',
              language,
              s,
              acknowledgementExtras(s, language, o, s.step === 2 ? 'RC-2026-000041' : null),
              recipient,
              `${who}/step${step}/paused:${paused}`,
              [s.reference],
            ),
          );
          for (const note of [null, w.reply])
            out.push(
              render(
                'information_request',
                language,
                s,
                informationRequestExtras(language, o, ['expectations', 'description'], note, step),
                recipient,
                `${who}/step${step}/note:${!!note}/paused:${paused}`,
                note ? [note] : [],
              ),
            );
        }
        // The answer date moved by the days waited on them: one day (said in the singular), or several.
        for (const daysWaited of [1, 3])
          out.push(
            render(
              'answer_date_moved',
              language,
              s,
              answerDateMovedExtras(language, org, { daysWaited, previousAnswerByDate: '2026-11-02' }),
              recipient,
              `${who}/step${step}/days:${daysWaited}`,
              daysWaited === 1 ? [] : ['3'],
            ),
          );
        out.push(
          render(
            'extension_notice',
            language,
            s,
            extensionExtras(language, org, {
              reason: w.reason,
              windowStart: '2026-11-02',
              windowEnd: '2026-11-13',
              previousAnswerByDate: ANSWER_BY,
            }),
            recipient,
            `${who}/step${step}`,
            [w.reason],
          ),
        );
        for (const outcome of ['upheld', 'partly_upheld', 'not_upheld'] as Outcome[])
          for (const remedy of [null, w.remedy])
            for (const email of [null, 'direction@example.test'])
              out.push(
                render(
                  'answer',
                  language,
                  s,
                  answerExtras(
                    s,
                    language,
                    { ...org, managementEmail: email },
                    { outcome, text: w.text, remedy },
                  ),
                  recipient,
                  `${who}/step${step}/${outcome}/remedy:${!!remedy}/step2mail:${!!email}`,
                  [
                    w.text,
                    ...(remedy ? [remedy] : []),
                    ...(step === 2 ? [org.disputeResolution[language]] : []),
                  ],
                ),
              );
      }
      for (const firstComplaint of [false, true])
        out.push(
          render(
            'step2_by_post',
            language,
            state(1),
            step2ByPostExtras(language, org, '2026-10-25T00:30:00.000Z', firstComplaint),
            recipient,
            `${who}/first:${firstComplaint}`,
          ),
        );
      out.push(render('suggestion_thanks', language, state(1, 'suggestion'), {}, recipient, who));
      for (const kind of ['written_only', 'designated_contact', 'service_refused'] as RestrictionKind[])
        out.push(
          render(
            'restriction_notice',
            language,
            state(1),
            restrictionExtras(language, org, {
              kind,
              reviewBy: '2027-01-01',
              contactName: kind === 'designated_contact' ? 'Anna Schmidt' : null,
            }),
            recipient,
            `${who}/${kind}`,
            kind === 'designated_contact' ? ['Anna Schmidt'] : [],
          ),
        );
      for (const kind of ['reply', 'update'] as const) {
        const r = composeReply({
          kind,
          language,
          reference: 'RC-2026-000041',
          greeting: greeting(language, recipient.name),
          team: textsFor(language).labels.team.complaints,
          organisation: org.name,
          answerByDate: kind === 'update' ? formatDate(ANSWER_BY, language, org.timeZone) : null,
          text: w.reply,
        });
        out.push({ label: `${kind}/${language}/${who}`, language, ...r, shows: [w.reply] });
      }
    }
  }
  return out;
}

describe('every text to a complainant, in FR, EN and DE', () => {
  const texts = everyText();

  it('leaves no template syntax, no missing value and no raw value behind', () => {
    for (const t of texts) {
      const all = `${t.subject}\n${t.text}`;
      assert.doesNotMatch(all, /\{\{|\}\}|\u27e6/, `${t.label}: template syntax left\n${all}`);
      assert.doesNotMatch(
        all,
        /\b(?:undefined|null|NaN|Invalid Date|true|false)\b|\[object /,
        `${t.label}\n${all}`,
      );
      assert.doesNotMatch(all, /\b\d{4}-\d{2}-\d{2}\b|T\d{2}:\d{2}/, `${t.label}: a date as stored\n${all}`);
      assert.doesNotMatch(all, /\b(?:labels|templates|errors)\.[a-z]/i, `${t.label}: a raw key\n${all}`);
      // A value left out leaves its sentence with a hole: "am .", "le  et", "„“".
      assert.doesNotMatch(all, /[^\S\n]{2,}|[^\S\n][.,]|„“|« »|""|\(\)/, `${t.label}: a hole\n${all}`);
      assert.doesNotMatch(all, /\n{3,}/, `${t.label}: empty lines left by a section\n${all}`);
      assert.ok(t.subject.includes('RC-2026-0000'), `${t.label}: subject without the reference`);
      assert.doesNotMatch(t.subject, /[\r\n]/, t.label);
      for (const v of t.shows) assert.ok(all.includes(v), `${t.label}: does not show ${v}\n${all}`);
    }
  });

  it('says one day waited in the singular', () => {
    for (const t of texts.filter(
      (x) => x.label.startsWith('answer_date_moved/') && x.label.endsWith('/days:1'),
    ))
      assert.doesNotMatch(t.text, /\b1 (?:de nos|of our|unserer)\b/, `${t.label}\n${t.text}`);
  });

  it('is written in its language (no English fallback)', () => {
    for (const t of texts) {
      // The hint is another language: the text itself must say which it is.
      const other: Language = t.language === 'en' ? 'de' : 'en';
      assert.equal(detectLanguage(t.text, other), t.language, `${t.label}\n${t.text}`);
    }
    for (const language of ['fr', 'de'] as const)
      for (const t of texts.filter((x) => x.language === language))
        assert.doesNotMatch(
          t.text,
          /\b(?:the|your|our|we|please|Dear|Kind regards)\b/,
          `${t.label}\n${t.text}`,
        );
  });

  it('writes every date as the language does, on the organisation’s local day', () => {
    for (const t of texts) {
      const all = `${t.subject}\n${t.text}`;
      // Any digit group followed by a month name is a date: it must be one as the language writes it.
      const anyDate = new RegExp(`\\d+\\.?\\s*(?:${MONTHS.fr}|${MONTHS.en}|${MONTHS.de})`, 'g');
      const found = all.match(anyDate) ?? [];
      const good = all.match(DATE[t.language]) ?? [];
      // The staff's own words may name a date ("3 mars"), as written; the dates we fill in must all match.
      const own = WRITTEN[t.language].reason.match(anyDate)?.length ?? 0;
      assert.ok(good.length + own >= found.length, `${t.label}: ${found.join(' | ')}\n${all}`);
      // Received at 00:30 local on 29 March (23:30 UTC on the 28th).
      if (/receivedDate|vom|du|of/.test(all))
        assert.doesNotMatch(
          all,
          DATE[t.language].source.includes('\\.') ? /28\. März/ : /28 (?:mars|March)/,
          t.label,
        );
    }
    const ack = (l: Language) => texts.find((t) => t.label.startsWith(`acknowledgement/${l}/`))!.text;
    assert.match(ack('de'), /29\. März 2026/);
    assert.match(ack('de'), /25\. Oktober 2026/);
    assert.match(ack('fr'), /29 mars 2026/);
    assert.match(ack('fr'), /25 octobre 2026/);
    assert.match(ack('en'), /29 March 2026/);
    assert.match(ack('en'), /25 October 2026/);
  });
});

describe('values from outside in the texts to a complainant', () => {
  it('never break the subject into more lines, nor the greeting, whatever the name and subject hold', () => {
    const hostile = fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        ' ',
        '\r',
        '\n',
        '\u2028',
        '\u0085',
        ':',
        '{',
        '}',
        '$&',
        'Bcc: x@evil.test',
      ),
    });
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), hostile, hostile, (language, name, subject) => {
        for (const kind of ['acknowledgement', 'answer', 'extension_notice', 'suggestion_thanks'] as const) {
          const vars = caseVariables(
            language,
            org,
            {
              reference: 'RC-2026-000041',
              kind: 'complaint',
              step: 1,
              subject,
              receivedAt: RECEIVED_AT,
              answerByDate: ANSWER_BY,
              step1Reference: null,
            },
            { name, byEmail: true },
          );
          const r = renderText(kind, builtInTemplate(kind, language), vars);
          assert.doesNotMatch(r.subject, /[\r\n\u2028\u0085]/);
          assert.doesNotMatch(r.text.split('\n')[0]!, /Bcc:|\r|\u2028|\u0085/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
