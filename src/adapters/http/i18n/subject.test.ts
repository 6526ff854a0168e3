import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSameTexts } from '../../../../test/support/same-texts.ts';
import type { ErasureResult } from '../../../app/erase-complainant.ts';
import { LANGUAGES } from '../../../core/case/model.ts';
import { erasureAnswer } from '../subject-answer.ts';
import { subjectDe } from './subject.de.ts';
import { subjectEn } from './subject.en.ts';
import { subjectFr } from './subject.fr.ts';

const hold = {
  scope: 'case',
  reason: 'Internal: court case 4 O 12/26',
  setBy: 'user:legal',
  setAt: '2026-11-01T09:00:00.000Z',
};
const result: ErasureResult = {
  complainantId: 'p1',
  address: null,
  language: 'de',
  dryRun: false,
  policy: { years: 6, countFrom: 'end_of_year' },
  plan: {
    today: '2026-12-05',
    cases: [
      {
        id: 'a',
        reference: 'RC-2017-000001',
        decision: 'erase',
        closedOn: '2017-06-01',
        endsOn: '2024-01-01',
      },
      { id: 'b', reference: 'RC-2026-000002', decision: 'keep', why: 'open', closedOn: null, until: null },
      {
        id: 'c',
        reference: 'RC-2018-000003',
        decision: 'keep',
        why: 'legal_hold',
        closedOn: '2018-05-01',
        until: null,
        hold,
      },
      {
        id: 'd',
        reference: 'RC-2025-000004',
        decision: 'keep',
        why: 'retention_period',
        closedOn: '2025-04-01',
        until: '2032-01-01',
      },
      {
        id: 'e',
        reference: 'RC-2019-000005',
        decision: 'keep',
        why: 'linked_case_kept',
        closedOn: '2019-02-01',
        until: '2032-01-01',
        keptWith: ['RC-2025-000004'],
      },
      {
        id: 'f',
        reference: 'RC-2019-000006',
        decision: 'keep',
        why: 'linked_case_kept',
        closedOn: '2019-02-01',
        until: null,
        keptWith: ['RC-2026-000002'],
      },
    ],
    inboxItems: [
      { id: 'i1', receivedAt: '2019-03-04T08:00:00.000Z', receivedOn: '2019-03-04', decision: 'erase' },
      { id: 'i2', receivedAt: '2020-05-06T08:00:00.000Z', receivedOn: '2020-05-06', decision: 'erase' },
      {
        id: 'i3',
        receivedAt: '2026-11-30T08:00:00.000Z',
        receivedOn: '2026-11-30',
        decision: 'keep',
        why: 'awaiting_triage',
      },
    ],
    complainantErased: false,
    keptUntil: null,
  },
  erased: [{ reference: 'RC-2017-000001', correspondence: 3, originalsDeleted: 1 }],
  skipped: [],
  inboxErased: [
    { id: 'i1', receivedAt: '2019-03-04T08:00:00.000Z', originalsDeleted: 1 },
    { id: 'i2', receivedAt: '2020-05-06T08:00:00.000Z', originalsDeleted: 1 },
  ],
  inboxSkipped: [],
  complainantErased: false,
  recordHoldsData: true,
  keptOnOthersCases: 0,
};

const subjectTexts = { en: subjectEn, fr: subjectFr, de: subjectDe };

describe('data-subject request texts', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    assertSameTexts(subjectEn, { fr: subjectFr, de: subjectDe });
  });

  it('answer the person in each language: every case named, dates written out, no placeholder or hold reason left', () => {
    for (const lang of LANGUAGES) {
      const text = erasureAnswer(result, lang, 'Example Hosting GmbH');
      for (const c of result.plan.cases) assert.ok(text.includes(c.reference), `${lang}: ${c.reference}`);
      assert.ok(!text.includes('{{') && !text.includes('subject.'), `${lang}: every text found and filled`);
      assert.ok(!text.includes('court case'), `${lang}: the hold's internal reason stays inside`);
      assert.ok(text.trim().endsWith('Example Hosting GmbH'));
    }
    assert.match(erasureAnswer(result, 'de', 'X'), /ab dem 1\. Januar 2032 gelöscht/);
    assert.match(erasureAnswer(result, 'fr', 'X'), /à partir du 1er janvier 2032/);
    assert.match(erasureAnswer(result, 'en', 'X'), /erased from January 1, 2032/);
    // The messages on no case: those erased, with the days they came, and the one awaiting triage, kept.
    assert.match(
      erasureAnswer(result, 'en', 'X'),
      /Your 2 messages received between March 4, 2019 and May 6, 2020/,
    );
    assert.match(
      erasureAnswer(result, 'fr', 'X'),
      /Votre message du 30 novembre 2026 n’a pas encore été traité/,
    );
    assert.match(
      erasureAnswer(result, 'de', 'X'),
      /Ihre Nachricht vom 30\. November 2026 wurde von uns noch nicht bearbeitet/,
    );
  });

  it('tell the person how many of their messages stay on other people’s cases, and why, naming no one', () => {
    for (const lang of LANGUAGES) {
      const answer = subjectTexts[lang].subject.answer;
      const none = erasureAnswer(result, lang, 'X');
      assert.ok(
        !none.includes(answer.othersCasesOne.slice(0, 30)),
        `${lang}: nothing said when there is none`,
      );
      const one = erasureAnswer({ ...result, keptOnOthersCases: 1 }, lang, 'X');
      assert.ok(one.includes(answer.othersCasesOne), `${lang}: one message`);
      const three = erasureAnswer({ ...result, keptOnOthersCases: 3 }, lang, 'X');
      assert.ok(three.includes(answer.othersCasesMany.replace('{{count}}', '3')), `${lang}: three messages`);
      assert.ok(!three.includes('{{'), `${lang}: filled`);
    }
    assert.match(
      erasureAnswer({ ...result, keptOnOthersCases: 2 }, 'en', 'X'),
      /2 messages you sent us were filed with other people’s complaints[^\n]*records/,
    );
    assert.match(
      erasureAnswer({ ...result, keptOnOthersCases: 2 }, 'fr', 'X'),
      /2 messages que vous nous avez adressés ont été classés dans les réclamations d’autres personnes/,
    );
    assert.match(
      erasureAnswer({ ...result, keptOnOthersCases: 2 }, 'de', 'X'),
      /2 Nachrichten, die Sie uns geschrieben haben, wurden Beschwerden anderer Personen zugeordnet/,
    );
  });

  it('answer a person who has only messages on no case, without saying that nothing is held', () => {
    const only: ErasureResult = {
      ...result,
      plan: { ...result.plan, cases: [] },
      erased: [],
      inboxErased: [result.inboxErased[0]!],
    };
    only.plan.inboxItems = [result.plan.inboxItems[0]!];
    for (const lang of LANGUAGES) {
      const text = erasureAnswer(only, lang, 'X');
      assert.ok(!text.includes(subjectTexts[lang].subject.answer.nothing), lang);
      assert.ok(text.includes(subjectTexts[lang].subject.answer.erasedHeading), lang);
    }
    assert.match(
      erasureAnswer(only, 'en', 'X'),
      /Your message of March 4, 2019, which was not part of a case, has been erased/,
    );
  });
});
