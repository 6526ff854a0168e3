// The extension picker and the case rule start windows on the same day (src/core/case/extension-window.ts): the
// answer date already given to the complainant, never earlier. The picker offers it first and proposes the working
// day after it, which the rule accepts; a window starting earlier is refused through every door (the staff page and
// the API) with the rule's one refusal, naming the answer date and the first day allowed, in FR, EN and DE.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { localDayText } from '../../src/adapters/http/pages/components.ts';
import { openCase } from '../../src/app/open-case.ts';
import type { Language } from '../../src/core/case/model.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  apiSecret,
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** The options of a select of the page: value, label, and whether it is the one selected. */
function optionsOf(body: string, id: string): Array<{ value: string; label: string; selected: boolean }> {
  const select = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(body);
  assert.ok(select, `${id} is shown`);
  return [...select[1]!.matchAll(/<option value="([^"]*)"([^>]*)>([^<]*)<\/option>/g)].map((m) => ({
    value: m[1]!,
    label: m[3]!,
    selected: /\bselected\b/.test(m[2]!),
  }));
}

describe('extension picker', () => {
  let t: TestApp;
  const clock = fixedClock(new Date().toISOString());
  // Today is the next working day from now, at 10:00 there: complaints opened a day before the real now are well
  // before their answer date, ten working days after receipt.
  let day: Temporal.PlainDate;
  before(async () => {
    t = await createTestApp({ clock });
    day = t.ctx.calendar.localDate(clock.now());
    while (!t.ctx.calendar.isWorkingDay(day)) day = day.add({ days: 1 });
    clock.set(at(day));
  });
  after(async () => {
    await t?.close();
  });

  const at = (d: Temporal.PlainDate) =>
    d
      .toZonedDateTime({ timeZone: t.ctx.config.timezone, plainTime: Temporal.PlainTime.from('10:00') })
      .toInstant()
      .toString();
  const answerByOf = async (caseId: string) =>
    (
      await t.ctx.database.db
        .selectFrom('cases')
        .select('answer_by_date')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).answer_by_date!;

  it('offers the answer date in force first, proposes the working day after it, and the rule accepts what it proposes', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const answerBy = await answerByOf(c.caseId);
    assert.ok(answerBy > day.toString(), 'the answer date is ahead');
    const s = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    const firsts = optionsOf(page.body, 'extend-windowStart');
    assert.equal(firsts[0]!.value, answerBy, 'the first day offered is the answer date in force');
    assert.ok(
      firsts.every((o) => o.value >= answerBy),
      'no first day before it',
    );
    const proposedStart = firsts.find((o) => o.selected)?.value;
    assert.equal(proposedStart, t.ctx.calendar.addWorkingDays(answerBy, 1).toString());
    const proposedEnd = optionsOf(page.body, 'extend-windowEnd').find((o) => o.selected)?.value;
    assert.ok(proposedEnd && proposedEnd >= proposedStart!, `${proposedStart}–${proposedEnd}`);
    assert.match(
      page.body,
      new RegExp(`From the current answer date \\(${localDayText('en', answerBy)}\\) on`),
    );
    const sent = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
      reason: 'We are waiting for the registry.',
      windowStart: proposedStart!,
      windowEnd: proposedEnd!,
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    assert.equal(await answerByOf(c.caseId), proposedEnd);
  });

  const expected: Record<Language, (answerBy: string, first: string) => string> = {
    en: (a, f) =>
      `before the answer date already given to the complainant (${a}): an extension moves the answer later, so choose a first date from ${f}.`,
    fr: (a, f) =>
      `avant la date de réponse déjà annoncée au réclamant (${a}) : une prolongation repousse la réponse, choisissez donc un premier jour à partir du ${f}.`,
    de: (a, f) =>
      `vor der Antwortfrist, die der Person bereits genannt wurde (${a}): Eine Verlängerung verschiebt die Antwort nur nach hinten, wählen Sie daher einen ersten Tag ab dem ${f}.`,
  };

  it('refuses a window starting before the answer date in force, on the page and in the API, saying in FR, EN and DE what is wrong and which first day to choose', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const answerBy = await answerByOf(c.caseId);
    const end = t.ctx.calendar.addWorkingDays(answerBy, 3).toString();
    const token = await apiSecret(t.ctx, 'agent', 'extension-window');
    // Today, and the working day before the answer date: both earlier than the complainant was promised.
    let before = Temporal.PlainDate.from(answerBy).subtract({ days: 1 });
    while (!t.ctx.calendar.isWorkingDay(before)) before = before.subtract({ days: 1 });
    for (const start of [day.toString(), before.toString()])
      for (const lang of ['fr', 'en', 'de'] as const) {
        const sentence = expected[lang](localDayText(lang, answerBy), localDayText(lang, answerBy));
        const s = await sessionFor(t.ctx, await createUser(t.ctx, 'agent', { language: lang }));
        const page = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
          reason: 'We are waiting for the registry.',
          windowStart: start,
          windowEnd: end,
        });
        assert.equal(page.statusCode, 422, `${lang} ${start}`);
        assert.ok(page.body.includes(sentence), `${lang} ${start}: the page says ${sentence}`);
        // Shown at the first date's field, naming the date sent.
        const fieldError = /<p class="error-text" id="extend-windowStart-error">([^<]*)</.exec(page.body);
        const atField = fieldError?.[1] ?? '';
        assert.ok(atField.includes(sentence), `${lang}: at the first date's field: ${atField}`);
        assert.ok(atField.includes(localDayText(lang, start)), `${lang}: names the first date sent`);

        const api = await t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c.reference}/extend`,
          headers: { authorization: `Bearer ${token}`, 'accept-language': lang },
          payload: { reason: 'We are waiting for the registry.', windowStart: start, windowEnd: end },
        });
        assert.equal(api.statusCode, 422, `${lang} API: ${api.body}`);
        const error = api.json().error;
        assert.equal(error.code, 'window_starts_before_answer_date');
        assert.ok(String(error.message).includes(sentence), `${lang} API: ${error.message}`);
      }
    assert.equal(await answerByOf(c.caseId), answerBy, 'nothing was extended');
  });

  it('on the answer date itself offers today first, said as today, and the days after in French with 1er and 2e', async () => {
    // Received ten working days before today: the answer is due today, the last day to tell the complainant.
    let received = day;
    while (t.ctx.calendar.workingDaysBetween(received, day) < 10) received = received.subtract({ days: 1 });
    const c = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: at(received),
      language: 'fr',
      subject: 'Réclamation - étape 1',
      complainant: { name: 'Camille Martin', email: 'camille.martin@example.net' },
      fields: {
        ticketRefs: [],
        domains: [],
        description: 'Le serveur est arrêté.',
        expectations: 'Un avoir.',
      },
      missing: [],
      correspondenceId: null,
      actor: 'mailbox:complaints',
    });
    assert.equal(await answerByOf(c.caseId), day.toString(), 'due today');
    const s = await sessionFor(t.ctx, await createUser(t.ctx, 'agent', { language: 'fr' }));
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    const options = optionsOf(page.body, 'extend-windowStart');
    assert.equal(options[0]!.value, day.toString());
    assert.match(options[0]!.label, /\(aujourd’hui\)$/);
    assert.match(options[1]!.label, /\(1er jour ouvré à partir d’aujourd’hui\)$/);
    assert.match(options[2]!.label, /\(2e jour ouvré à partir d’aujourd’hui\)$/);
    for (const o of options)
      assert.doesNotMatch(
        o.label,
        /\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b|\b1e\b/,
      );
    const sent = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
      reason: 'Nous attendons le registre.',
      windowStart: day.toString(),
      windowEnd: t.ctx.calendar.addWorkingDays(day, 3).toString(),
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  });
});
