// A refusal of a staff action is said in the reader's language, with the dates and times it names written as the
// rest of the pages write them (local days; instants in the organisation's time zone), never the core's English
// sentence nor a UTC timestamp; in English too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { refusalsDe } from '../../src/adapters/http/i18n/refusals.de.ts';
import { refusalsEn } from '../../src/adapters/http/i18n/refusals.en.ts';
import { refusalsFr } from '../../src/adapters/http/i18n/refusals.fr.ts';
import { localDayText, whenText } from '../../src/adapters/http/pages/components.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createApiToken, revokeApiToken } from '../../src/app/manage-api-tokens.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { LANGUAGES, type Language } from '../../src/core/case/model.ts';
import {
  DomainError,
  REFUSAL_CODES,
  REFUSAL_CONTEXTS,
  type Refusal,
  type RefusalKey,
} from '../../src/core/case/refusal.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  refusalsOnPage,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;

// Every refusal the core and the use cases can make is one of REFUSAL_CONTEXTS (refuse and DomainError take nothing
// else), so going through that list goes through them all.
const OWN: Record<Language, Record<RefusalKey, string>> = {
  en: refusalsEn.errors,
  fr: refusalsFr.errors,
  de: refusalsDe.errors,
};
const ZONE = 'America/Montreal';
const DAY = '2026-12-07';
const INSTANT = '2026-12-04T15:30:00.000Z';
const LABELS: Record<string, [string, string]> = {
  kind: ['kinds', 'suggestion'],
  language: ['languages', 'de'],
  role: ['roles', 'auditor'],
  restriction: ['staff.restrictionKinds', 'service_refused'],
};

/** A value of the name, and how the reader must find it in the sentence. */
function sample(name: string, lang: Language): { value: unknown; shown: string } {
  const t = translatorFor(lang);
  const label = LABELS[name];
  if (label) return { value: label[1], shown: t(`${label[0]}.${label[1]}`) };
  if (name === 'at' || name === 'arrived') return { value: INSTANT, shown: whenText(lang, ZONE, INSTANT) };
  if (/Date$|^window(Start|End)$|^(today|earliestStart|nextWorkingDay|latestEnd|reviewBy)$/.test(name))
    return { value: DAY, shown: localDayText(lang, DAY) };
  if (name === 'workingDays' || name === 'max' || name === 'bytes' || name === 'megabytes')
    return { value: 37, shown: '37' };
  return { value: `‹${name}›`, shown: `‹${name}›` };
}

describe('every refusal of the core and the use cases', () => {
  const all = REFUSAL_CODES.flatMap((code) =>
    Object.entries(REFUSAL_CONTEXTS[code]).map(([context, values]) => ({
      code,
      context,
      values: values as readonly string[],
    })),
  );

  it('is listed, with at least one refusal for each code', () => {
    for (const code of REFUSAL_CODES) assert.ok(Object.keys(REFUSAL_CONTEXTS[code]).length > 0, code);
    assert.ok(all.length > 100, `${all.length}`);
  });

  it('has its own sentence in English, French and German, naming every value it carries', () => {
    for (const { code, context, values } of all)
      for (const lang of LANGUAGES) {
        const key = `${code}_${context}` as RefusalKey;
        const own = OWN[lang][key];
        assert.ok(own?.trim(), `${lang} ${key}`);
        for (const v of values)
          assert.ok(own.includes(`{{${v}}}`), `${lang} ${key} does not name ${v}: ${own}`);
      }
  });

  it('reaches the reader of each language with its specifics, on a page and in the API', () => {
    for (const { code, context, values } of all) {
      const said: Partial<Record<Language, string>> = {};
      for (const lang of LANGUAGES) {
        const t = translatorFor(lang);
        const samples = Object.fromEntries(values.map((v) => [v, sample(v, lang)]));
        const refusal = {
          code,
          message: 'The core’s own English sentence.',
          details: { context, ...Object.fromEntries(values.map((v) => [v, samples[v]!.value])) },
        } as Refusal;
        for (const page of [true, false]) {
          const p = problemOf(new DomainError(refusal), t, null, { lang, timeZone: ZONE, page });
          const where = `${lang} ${code}_${context}${page ? '' : ' (API)'}: ${p.message}`;
          assert.equal(p.code, code, where);
          assert.notEqual(p.message, t(`errors.${code}`), `${where}: only the code's sentence`);
          assert.doesNotMatch(p.message, /\{\{|\$t\(|errors\.|core’s own|‹context›/, where);
          assert.doesNotMatch(p.message, /\d{4}-\d{2}-\d{2}/, where);
          for (const v of values) assert.ok(p.message.includes(samples[v]!.shown), `${where}: ${v}`);
          said[lang] = p.message;
        }
      }
      assert.notEqual(said.fr, said.en, `${code}_${context}: French is English`);
      assert.notEqual(said.de, said.en, `${code}_${context}: German is English`);
    }
  });
});

describe('refusals in the reader’s language', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { REDRESS_TIMEZONE: 'America/Montreal' } });
  });
  after(async () => {
    await t?.close();
  });

  const as = async (language: Language, role: 'agent' | 'management' = 'agent') =>
    sessionFor(t.ctx, await createUser(t.ctx, role, { language }));

  it('says when the case was acknowledged, in the language and the organisation’s time zone', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    await actOnCase(
      t.ctx,
      c.caseId,
      { type: 'acknowledge', channel: 'email', correspondenceId: null },
      'system',
    );
    const at = (
      await t.ctx.database.db
        .selectFrom('cases')
        .select('acknowledged_at')
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow()
    ).acknowledged_at!;
    const expected: Record<Language, RegExp> = {
      fr: /Le dossier a reçu un accusé de réception le /,
      en: /The case was acknowledged on /,
      de: /Der Eingang wurde am /,
    };
    for (const lang of ['fr', 'en', 'de'] as const) {
      const refused = await postForm(t.app, await as(lang), `/cases/${c.caseId}/acknowledge`, {});
      assert.equal(refused.statusCode, 409, lang);
      const said = refusalsOnPage(refused.body);
      assert.match(said, expected[lang]);
      assert.ok(said.includes(whenText(lang, 'America/Montreal', at)), `${lang}: ${said}`);
      assert.doesNotMatch(said, ISO_INSTANT, lang);
      if (lang !== 'en') assert.doesNotMatch(said, /acknowledged|The case/, lang);
    }
  });

  it('says why a step-2 case is not the complaints team’s, in French and German', async () => {
    const c = await openComplaint(t.ctx, { step: 2, daysAgo: 1 });
    const fr = await postForm(t.app, await as('fr'), `/cases/${c.caseId}/note`, { text: 'Une note.' });
    assert.equal(fr.statusCode, 403);
    assert.match(fr.body, /Les dossiers d’étape 2 sont traités par la direction\./);
    assert.doesNotMatch(fr.body, /handled by management/);
    const de = await postForm(t.app, await as('de'), `/cases/${c.caseId}/note`, { text: 'Eine Notiz.' });
    assert.match(de.body, /Fälle der Stufe 2 bearbeitet die Geschäftsleitung\./);
    assert.doesNotMatch(de.body, /handled by management/);
  });

  it('names the window’s dates as the pages write days, not as stored', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const { answer_by_date: answerBy } = await t.ctx.database.db
      .selectFrom('cases')
      .select('answer_by_date')
      .where('id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    const today = t.ctx.calendar.localDate(t.ctx.clock.now());
    for (const lang of ['fr', 'en', 'de'] as const) {
      const s = await as(lang);
      const notLater = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
        reason: 'Waiting for the registry',
        windowStart: answerBy!,
        windowEnd: answerBy!,
      });
      assert.equal(notLater.statusCode, 422, lang);
      const said = refusalsOnPage(notLater.body);
      assert.ok(said.includes(localDayText(lang, answerBy!)), `${lang}: ${said}`);
      assert.doesNotMatch(said, ISO_DAY, lang);
      const past = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
        reason: 'Waiting for the registry',
        windowStart: today.subtract({ days: 1 }).toString(),
        windowEnd: t.ctx.calendar.addWorkingDays(answerBy!, 1).toString(),
      });
      const pastSaid = refusalsOnPage(past.body);
      assert.ok(
        pastSaid.includes(localDayText(lang, today.subtract({ days: 1 }).toString())),
        `${lang}: ${pastSaid}`,
      );
      assert.doesNotMatch(pastSaid, ISO_DAY, lang);
      if (lang !== 'en') assert.doesNotMatch(`${said} ${pastSaid}`, /The window|before today/, lang);
    }
  });

  it('says the dates of a refused restriction, a case already closed and an escalation before the answer, in French and German', async () => {
    const closed = await openComplaint(t.ctx, { daysAgo: 1 });
    await actOnCase(t.ctx, closed.caseId, { type: 'close', reason: 'Settled by phone' }, 'system');
    const unanswered = await openComplaint(t.ctx, { daysAgo: 1 });
    const today = t.ctx.calendar.localDate(t.ctx.clock.now()).toString();
    for (const [lang, review, already, answerFirst] of [
      [
        'fr',
        /La date de réexamen \(.+\) doit être postérieure à aujourd’hui \(.+\)\./,
        'Le dossier est déjà clos.',
        /répondez-y d’abord/,
      ],
      [
        'de',
        /Das Prüfdatum \(.+\) muss nach heute \(.+\) liegen\./,
        'Der Fall ist bereits geschlossen.',
        /Beantworten Sie ihn zuerst/,
      ],
    ] as const) {
      const s = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: lang }));
      const restricted = await postForm(t.app, s, `/complainants/${closed.complainantId}/restrictions`, {
        kind: 'written_only',
        reason: 'Abusive calls',
        reviewBy: today,
      });
      assert.equal(restricted.statusCode, 422, lang);
      const said = refusalsOnPage(restricted.body);
      assert.match(said, review, `${lang}: ${said}`);
      assert.ok(said.includes(localDayText(lang, today)), `${lang}: ${said}`);
      assert.doesNotMatch(said, ISO_DAY, lang);

      const again = await postForm(t.app, s, `/cases/${closed.caseId}/close`, { reason: 'Once more' });
      assert.equal(again.statusCode, 409, lang);
      assert.ok(refusalsOnPage(again.body).includes(already), `${lang}: ${refusalsOnPage(again.body)}`);

      const escalated = await postForm(t.app, s, `/cases/${unanswered.caseId}/escalate`, {});
      assert.equal(escalated.statusCode, 409, lang);
      assert.match(refusalsOnPage(escalated.body), answerFirst, lang);
      assert.doesNotMatch(
        `${said} ${refusalsOnPage(again.body)} ${refusalsOnPage(escalated.body)}`,
        /review date|already closed|answer it first/,
        lang,
      );
    }
  });

  it('says what is already so when an account or an API token is already in that state, in French and German', async () => {
    const cli = { actor: 'cli', label: null, address: null } as const;
    const someone = await createUser(t.ctx, 'agent');
    await setUserEnabled(t.ctx, someone.id, false, cli);
    const { token } = await createApiToken(t.ctx, { name: 'CRM', role: 'auditor', expiresInDays: 1 }, cli);
    await revokeApiToken(t.ctx, token.id, cli);
    for (const [lang, account, revoked] of [
      [
        'fr',
        'Rien n’a changé : le statut du compte est déjà « Désactivé ».',
        'Rien n’a changé : ce jeton d’API est déjà révoqué.',
      ],
      [
        'de',
        'Nichts geändert: Das Konto hat bereits den Status „Deaktiviert“.',
        'Nichts geändert: Dieses API-Token ist bereits widerrufen.',
      ],
    ] as const) {
      const s = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: lang }));
      const again = await postForm(t.app, s, `/admin/users/${someone.id}/disable`, {});
      assert.equal(again.statusCode, 409, lang);
      assert.ok(again.body.includes(account), `${lang}: ${refusalsOnPage(again.body)}`);
      const twice = await postForm(t.app, s, `/admin/tokens/${token.id}/revoke`, {});
      assert.equal(twice.statusCode, 409, lang);
      assert.ok(twice.body.includes(revoked), `${lang}: ${refusalsOnPage(twice.body)}`);
    }
  });

  it('shows the page of the case in French without the core’s English beside a merge refusal', async () => {
    const a = await openComplaint(t.ctx, { daysAgo: 1 });
    const s = await as('fr');
    const page = await getPage(t.app, s, `/cases/${a.caseId}`);
    const reference = /RC-\d{4}-\d{6}/.exec(page.body)![0];
    const refused = await postForm(t.app, s, `/cases/${a.caseId}/merge`, { duplicateReference: reference });
    const said = refusalsOnPage(refused.body);
    assert.match(said, /Un dossier ne peut pas être fusionné avec lui-même\./);
    assert.doesNotMatch(said, /cannot be merged/);
  });

  it('says a refused change of the case’s language or address in the reader’s language, in the message after it', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1, language: 'en' });
    for (const [lang, expected] of [
      ['fr', 'Rien n’a été modifié : le dossier est déjà rédigé en English.'],
      ['de', 'Nichts wurde geändert: Der Fall wird bereits auf English geführt.'],
      ['en', 'Nothing was changed: the case is already written in English.'],
    ] as const) {
      const s = await as(lang);
      const refused = await postForm(t.app, s, `/cases/${c.caseId}/language`, { language: 'en', reason: '' });
      assert.equal(refused.statusCode, 303, lang);
      const page = await getPage(t.app, s, `/cases/${c.caseId}`, {
        cookie: `${s.cookie}; ${flashOf(refused)}`,
      });
      assert.ok(
        page.body.includes(expected),
        `${lang}: ${/class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1]}`,
      );
    }
    const fr = await as('fr');
    const known = await postForm(t.app, fr, `/cases/${c.caseId}/address`, {
      email: 'someone@example.org',
      postalAddress: '',
    });
    const page = await getPage(t.app, fr, `/cases/${c.caseId}`, {
      cookie: `${fr.cookie}; ${flashOf(known)}`,
    });
    assert.match(
      page.body,
      /Rien n’a été modifié : donnez une adresse e-mail ou postale que le réclamant n’a pas encore\./,
    );
    assert.doesNotMatch(page.body, /Give an e-mail or postal address/);
  });
});

function flashOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return list.find((c) => c.startsWith('redress_flash='))?.split(';')[0] ?? '';
}
