// A free reply as the complainant reads it: our greeting and signature around the staff's words, the reference in
// the subject, the promised date only in an update; and who may write under a designated-contact restriction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LANGUAGES } from '../case/model.ts';
import { cleanReplyText, composeReply, REPLY_KINDS } from './reply.ts';

const facts = {
  reference: 'RC-2026-000123',
  greeting: 'Bonjour Camille Martin,',
  team: 'Le service réclamations',
  organisation: 'Hébergement Exemple',
  answerByDate: '4 décembre 2026',
  text: 'Votre remboursement est parti lundi.',
};

describe('a free reply', () => {
  it('carries the reference in the subject, the words between greeting and signature, in each language', () => {
    for (const language of LANGUAGES)
      for (const kind of REPLY_KINDS) {
        const r = composeReply({ ...facts, kind, language });
        assert.ok(r.subject.startsWith('[RC-2026-000123] '), r.subject);
        assert.ok(
          r.text.startsWith('Bonjour Camille Martin,\n\nVotre remboursement est parti lundi.'),
          r.text,
        );
        assert.ok(r.text.endsWith('Le service réclamations\nHébergement Exemple\n'), r.text);
        assert.equal(r.text.includes('4 décembre 2026'), kind === 'update', `${language} ${kind}`);
      }
    const fr = composeReply({ ...facts, kind: 'reply', language: 'fr' });
    assert.equal(fr.subject, '[RC-2026-000123] Réponse à votre message');
    assert.match(fr.text, /Avec nos salutations distinguées,/);
  });

  it('an update with no promised date left (answered) does not repeat one', () => {
    const r = composeReply({ ...facts, kind: 'update', language: 'en', answerByDate: null });
    assert.doesNotMatch(r.text, /at the latest/);
  });

  it('property: the staff’s words come through whole (line endings made plain, margins trimmed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(...LANGUAGES), (text, language) => {
        const r = composeReply({ ...facts, kind: 'reply', language, text });
        assert.ok(r.text.includes(cleanReplyText(text)));
        assert.ok(!cleanReplyText(text).includes('\r'));
        assert.equal(r.subject.includes('\n'), false);
      }),
    );
  });
});
