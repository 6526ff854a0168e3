// The language a new case is written in (P10), by the one rule every door asks (src/core/case/case-language.ts):
// a language a person chose for the message, else the case it continues (the step-1 case of a step-2 request),
// else the complainant's on file, else the language the message is written in. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { changeCaseLanguage } from '../../src/app/case-contact.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { Mailbox } from '../../src/config.ts';
import { startWorld, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

const ENGLISH = [
  'Hello,',
  '',
  'My name is Marie Dupont. My domain dupont-bakery.com has not answered for three days since the migration,',
  'and nobody at support has written back to me.',
  '',
  'I expect the domain to be restored and the three days to be refunded.',
  '',
  'Kind regards,',
  'Marie Dupont',
].join('\n');

for (const engine of ENGINES) {
  describe(`the language of a new case, by e-mail (${engine})`, () => {
    let w: World;
    const box = (name: string): Mailbox => w.config.mailboxes.find((m) => m.name === name)!;
    const receive = (spec: MessageSpec, mailbox = 'complaints') =>
      receiveEmail(w.ctx, { raw: rawMessage(spec), mailbox: box(mailbox), door: 'pipe' });
    const stateOf = async (caseId: string) =>
      (await inTransaction(w.ctx, (agg) => agg.loadCase(caseId))).state!;

    before(async () => {
      w = await startWorld(engine, '2026-11-24T09:00:00.000Z', { step2ByEmail: 'accept' });
    });
    after(() => w.close());

    it('keeps the language staff set for the complainant on their next complaint, as a letter would', async () => {
      const first = await receive({ from: 'Marie Dupont <marie@example.net>' });
      assert.equal((await stateOf(first.caseId!)).language, 'fr');
      await changeCaseLanguage(
        w.ctx,
        first.caseId!,
        { language: 'de', forComplainant: true, reason: 'She asked us to write in German.' },
        'user:staff',
      );
      // A new complaint, written in French again: the complainant's language on file wins over the text's.
      const second = await receive({
        from: 'Marie Dupont <marie@example.net>',
        subject: 'Transmission de réclamation - Etape 1 (facture)',
      });
      assert.notEqual(second.caseId, first.caseId);
      assert.equal((await stateOf(second.caseId!)).language, 'de');
    });

    it('writes a step-2 case in the language of its step-1 case, whatever the request is written in', async () => {
      const step1 = await receive({ from: 'Jean Martin <jean@example.net>' });
      const s1 = await stateOf(step1.caseId!);
      assert.equal(s1.language, 'fr');
      await answerCase(w.ctx, s1.id, { outcome: 'not_upheld', text: 'Non.', remedy: null, actor: 'user:x' });
      const step2 = await receive({
        from: 'Jean Martin <jean@example.net>',
        subject: `Complaint escalation - Step 2 ${s1.reference}`,
        body: ENGLISH,
      });
      const s2 = await stateOf(step2.caseId!);
      assert.equal(s2.step, 2);
      assert.equal(s2.step1CaseId, s1.id);
      assert.equal(s2.language, 'fr');
    });

    it('through the API: the language named, else the known complainant’s, else the default', async () => {
      const submit = (language?: 'fr' | 'en' | 'de') =>
        submitComplaint(
          w.ctx,
          {
            complainant: { name: 'Marie Dupont', email: 'marie@example.net' },
            description: 'Mon domaine ne répond plus.',
            expectations: 'Le rétablir.',
            ...(language ? { language } : {}),
          },
          { channel: 'api', actor: 'api:test' },
        );
      // Marie's language on file is German (set by staff in the first test).
      assert.equal((await stateOf((await submit()).caseId)).language, 'de');
      assert.equal((await stateOf((await submit('en')).caseId)).language, 'en');
      const stranger = await submitComplaint(
        w.ctx,
        { complainant: { email: 'new@example.net' }, description: 'd', expectations: 'e' },
        { channel: 'api', actor: 'api:test' },
      );
      assert.equal((await stateOf(stranger.caseId)).language, w.config.defaultLanguage);
    });

    it('after two records of one person are merged: each case keeps its language, a new one takes the kept record’s', async () => {
      const english = await receive({ from: 'Anna Berg <anna@one.example>', body: ENGLISH });
      const german = await receive({
        from: 'Anna Berg <anna@two.example>',
        body: 'Guten Tag, meine Domain ist seit drei Tagen nicht erreichbar und der Support antwortet nicht. Ich erwarte, dass sie wieder erreichbar ist.',
      });
      const a = await stateOf(english.caseId!);
      const b = await stateOf(german.caseId!);
      assert.deepEqual([a.language, b.language], ['en', 'de']);
      await mergeComplainants(w.ctx, a.complainantId, b.complainantId, 'user:staff');
      // The German case was acknowledged in German: its later texts stay in German.
      assert.equal((await stateOf(b.id)).language, 'de');
      assert.equal((await stateOf(b.id)).complainantId, a.complainantId);
      // A new complaint from either address is the kept record's, in its language.
      const next = await receive({
        from: 'Anna Berg <anna@two.example>',
        subject: 'Transmission de réclamation - Etape 1 (facture)',
      });
      assert.equal((await stateOf(next.caseId!)).language, 'en');
    });

    it('keeps a case’s language when the complainant replies in another, for every later text', async () => {
      const first = await receive({ from: 'Paul Henri <paul@example.net>' });
      const s = await stateOf(first.caseId!);
      assert.equal(s.language, 'fr');
      const reply = await receive({
        from: 'Paul Henri <paul@example.net>',
        subject: `Re: [${s.reference}] Nous avons bien reçu votre réclamation`,
        body: ENGLISH,
      });
      assert.equal(reply.caseId, s.id);
      assert.equal((await stateOf(s.id)).language, 'fr');
      await requestInformation(w.ctx, s.id, { missing: ['expectations'], note: null, actor: 'user:x' });
      const texts = await outboxItemsOfCase(w.test.database.db, s.id);
      assert.deepEqual(
        texts.map((r) => r.language),
        texts.map(() => 'fr'),
      );
      assert.match(texts.at(-1)!.text ?? '', /ce que vous attendez de notre part/);
    });

    it('writes a first complaint in the language it is written in', async () => {
      const r = await receive({ from: 'Ann Smith <ann@example.net>', body: ENGLISH });
      assert.equal((await stateOf(r.caseId!)).language, 'en');
    });
  });
}
