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
    complainantErased: false,
    keptUntil: null,
  },
  erased: [{ reference: 'RC-2017-000001', correspondence: 3, originalsDeleted: 1 }],
  skipped: [],
  complainantErased: false,
  recordHoldsData: true,
};

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
    assert.match(erasureAnswer(result, 'fr', 'X'), /à partir du 1 janvier 2032/);
    assert.match(erasureAnswer(result, 'en', 'X'), /erased from January 1, 2032/);
  });
});
