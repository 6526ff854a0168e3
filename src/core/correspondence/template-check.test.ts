// An administrator's answer text keeps what P4.4 requires: the outcome, the answer written for the case and the
// next step (step 2 after a step-1 answer, dispute resolution after step 2). The built-in texts pass; a version
// that drops any of it is refused; and whatever version passes, filled for any real answer, says all of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LANGUAGES } from '../case/model.ts';
import { builtInTemplate } from './compose.ts';
import { missingParts, templateProblems } from './template-check.ts';
import { fillTemplate } from './template-engine.ts';
import { TEMPLATE_KINDS } from './template-kinds.ts';

const answer = (language: (typeof LANGUAGES)[number]) => builtInTemplate('answer', language);

describe('the parts a text must keep', () => {
  it('accepts every built-in text', () => {
    for (const kind of TEMPLATE_KINDS)
      for (const language of LANGUAGES)
        assert.deepEqual(templateProblems(kind, builtInTemplate(kind, language)), [], `${kind}/${language}`);
  });

  it('refuses an answer without its outcome, its text or its next step, and says what to put back', () => {
    const body = answer('en').body;
    const cases: Array<[string, string, RegExp]> = [
      ['no outcome', body.replace(/\{\{#(upheld|partlyUpheld|notUpheld)\}\}.*?\{\{\/\1\}\}/g, ''), /outcome/],
      ['one outcome unsaid', body.replace(/\{\{#notUpheld\}\}.*?\{\{\/notUpheld\}\}/, ''), /outcome/],
      ['no text', body.replace('{{text}}', ''), /\{\{text\}\}/],
      [
        'text only with a remedy',
        body.replace('{{text}}', '').replace('{{remedy}}', '{{remedy}} {{text}}'),
        /\{\{text\}\}/,
      ],
      ['no step 2', body.replace(/\{\{#afterStep1\}\}[\s\S]*?\{\{\/afterStep1\}\}/, ''), /managementAddress/],
      ['no marker', body.replace('"{{step2Marker}}"', ''), /step2Marker/],
      ['no dispute resolution', body.replace('{{disputeResolution}}', ''), /disputeResolution/],
    ];
    for (const [what, changed, expected] of cases) {
      assert.notEqual(changed, body, what);
      const problems = templateProblems('answer', { subject: '[{{reference}}] Answer', body: changed });
      assert.ok(problems.length > 0, what);
      assert.ok(
        problems.every((p) => p.startsWith('body: ')),
        what,
      );
      assert.match(problems.join('\n'), expected, what);
    }
  });

  it('asks nothing of texts the procedure says nothing about', () => {
    assert.deepEqual(missingParts('staff_digest', 'x'), []);
    assert.deepEqual(missingParts('suggestion_thanks', '{{greeting}}'), []);
  });

  it('a version that passes, filled for any real answer, states the outcome, the text and the next step', () => {
    // Versions: the built-in text with lines or variables taken out at random.
    const version = fc
      .record({
        language: fc.constantFrom(...LANGUAGES),
        drops: fc.array(fc.nat(), { maxLength: 4 }),
        byToken: fc.boolean(),
      })
      .map(({ language, drops, byToken }) => {
        const parts = byToken
          ? answer(language).body.split(/(\{\{[^}]*\}\})/)
          : answer(language).body.split('\n');
        for (const d of drops) if (parts.length) parts.splice(d % parts.length, 1);
        return parts.join(byToken ? '' : '\n');
      });
    const filling = fc.record({
      outcome: fc.constantFrom('upheld', 'partlyUpheld', 'notUpheld'),
      step: fc.constantFrom(1, 2),
      remedy: fc.option(fc.constant('REMEDY-7'), { nil: null }),
      step2ByEmail: fc.boolean(),
    });
    fc.assert(
      fc.property(version, filling, (body, f) => {
        if (templateProblems('answer', { subject: '[{{reference}}] x', body }).length) return;
        const vars = {
          upheld: f.outcome === 'upheld',
          partlyUpheld: f.outcome === 'partlyUpheld',
          notUpheld: f.outcome === 'notUpheld',
          afterStep1: f.step === 1,
          afterStep2: f.step === 2,
          text: 'TEXT-1',
          remedy: f.remedy,
          step2ByEmail: f.step2ByEmail,
          managementEmail: 'board@example.org',
          managementAddress: 'ADDRESS-2',
          step2Marker: 'MARKER-3',
          disputeResolution: 'ADR-4',
          reference: 'RC-2026-000001',
        };
        const text = fillTemplate(body, vars);
        assert.ok(text.includes('TEXT-1'));
        if (f.step === 1) assert.ok(text.includes('ADDRESS-2') && text.includes('MARKER-3'));
        else assert.ok(text.includes('ADR-4'));
        const others = (['upheld', 'partlyUpheld', 'notUpheld'] as const)
          .filter((o) => o !== f.outcome)
          .map((o) =>
            fillTemplate(body, {
              ...vars,
              upheld: o === 'upheld',
              partlyUpheld: o === 'partlyUpheld',
              notUpheld: o === 'notUpheld',
            }),
          );
        assert.ok(
          others.every((o) => o !== text),
          'the outcome can be read from the text',
        );
      }),
      { numRuns: 300 },
    );
  });
});
