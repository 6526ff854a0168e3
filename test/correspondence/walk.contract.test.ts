// A complaint walked through the whole procedure in each language: step 1 (acknowledge, request information,
// extend with a window, answer), escalation, step 2 (acknowledge, answer) and closing after the quiet period,
// checking each text that goes out over SMTP and each deadline. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerCase } from '../../src/app/answer-case.ts';
import { closeQuietCases } from '../../src/app/close-quiet-cases.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { extendCase } from '../../src/app/extend-case.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { CaseState } from '../../src/core/case/case.ts';
import type { Language } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, type SmtpSink, startSmtpSink, startWorld, type World } from './support.ts';

interface Expect {
  ack: RegExp;
  answerBy: string;
  info: RegExp;
  missing: string;
  extension: RegExp;
  window: string;
  answer: RegExp;
  partly: string;
  marker: string;
  step2Ack: RegExp;
  step2AnswerBy: string;
  concluded: string;
}

const EXPECT: Record<Language, Expect> = {
  fr: {
    ack: /Nous avons bien reçu votre réclamation/,
    answerBy: 'au plus tard le 4 décembre 2026',
    info: /Quelques précisions nous manquent/,
    missing: '- ce que vous attendez de notre part pour régler la situation',
    extension: /Notre réponse demande un peu plus de temps/,
    window: 'entre le 7 décembre 2026 et le 11 décembre 2026',
    answer: /Notre réponse à votre réclamation/,
    partly: 'votre réclamation est en partie fondée',
    marker: '« Transmission de réclamation - Etape 2 »',
    step2Ack: /Votre demande auprès de notre direction est bien enregistrée/,
    step2AnswerBy: '29 décembre 2026',
    concluded: 'Cette réponse clôt notre procédure interne de réclamation.',
  },
  en: {
    ack: /We have received your complaint/,
    answerBy: 'by 4 December 2026 at the latest',
    info: /A few details we still need/,
    missing: '- what you would like us to do to put things right',
    extension: /Our answer will take a little longer/,
    window: 'between 7 December 2026 and 11 December 2026',
    answer: /Our answer to your complaint/,
    partly: 'your complaint is partly upheld',
    marker: '"Complaint escalation - Step 2"',
    step2Ack: /Your request to our management has been received/,
    step2AnswerBy: '29 December 2026',
    concluded: 'This answer concludes our internal complaints procedure.',
  },
  de: {
    ack: /Ihre Beschwerde ist bei uns eingegangen/,
    answerBy: 'spätestens am 4. Dezember 2026',
    info: /Einige Angaben fehlen uns noch/,
    missing: '- was wir aus Ihrer Sicht tun sollen, um die Sache zu bereinigen',
    extension: /Unsere Antwort braucht etwas mehr Zeit/,
    window: 'zwischen dem 7. Dezember 2026 und dem 11. Dezember 2026',
    answer: /Unsere Antwort auf Ihre Beschwerde/,
    partly: 'Ihre Beschwerde ist teilweise berechtigt',
    marker: '„Beschwerdeweiterleitung - Stufe 2“',
    step2Ack: /Ihr Anliegen an unsere Geschäftsleitung ist eingegangen/,
    step2AnswerBy: '29. Dezember 2026',
    concluded: 'Mit dieser Antwort ist unser internes Beschwerdeverfahren abgeschlossen.',
  },
};

const REASON: Record<Language, string> = {
  fr: 'Nous attendons le rapport de notre centre de données.',
  en: 'We are waiting for the report of our data centre.',
  de: 'Wir warten auf den Bericht unseres Rechenzentrums.',
};

for (const engine of ENGINES)
  for (const language of ['fr', 'en', 'de'] as const)
    describe(`a complaint from step 1 to step 2 in ${language} on ${engine}`, () => {
      let world: World;
      let sink: SmtpSink;
      before(async () => {
        world = await startWorld(engine, '2026-11-20T10:00:00.000Z'); // a Friday
        sink = await startSmtpSink();
      });
      after(async () => {
        await sink.stop();
        await world.close();
      });

      const e = EXPECT[language];
      const at = (iso: string) => world.clock.set(iso);
      const state = async (id: string): Promise<CaseState> =>
        (await inTransaction(world.ctx, (agg) => agg.loadCase(id))).state!;
      /** Sends what is due and returns the one message that went out. */
      const sent = async () => {
        const before = sink.received.length;
        const r = await sendDueMail(world.ctx, world.transport(sink.port));
        assert.equal(r.sent, 1, `one message sent: ${JSON.stringify(r)}`);
        assert.equal(sink.received.length, before + 1);
        const m = sink.received.at(-1)!;
        return { subject: m.mail.subject ?? '', text: m.mail.text ?? '', to: m.envelopeTo, mail: m };
      };

      it('walks the whole procedure', async () => {
        const name = { fr: 'Camille Martin', en: 'Alex Taylor', de: 'Jürgen Weiß' }[language];
        // Step 1: received by e-mail on Friday 20 November 2026, acknowledged at once.
        const opened = await mailIn(world, {
          from: 'client@example.net',
          name,
          language,
          subject: 'Transmission de réclamation - Etape 1',
          messageId: '<first@example.net>',
        });
        const ref = opened.reference;
        let m = await sent();
        assert.match(m.subject, new RegExp(`^\\[${ref}\\] `));
        assert.match(m.subject, e.ack);
        assert.ok(m.text.includes(e.answerBy), m.text);
        assert.ok(m.text.includes(name));
        assert.equal(m.mail.header('auto-submitted'), 'auto-replied');
        let s = await state(opened.caseId);
        assert.equal(s.deadline!.answerByDate, '2026-12-04');
        assert.equal(s.status, 'acknowledged');

        // Monday: the team asks for what is missing; the clock does not stop (P4.5).
        at('2026-11-23T09:00:00.000Z');
        await requestInformation(world.ctx, opened.caseId, {
          missing: ['expectations'],
          note: null,
          actor: 'user:agent',
        });
        m = await sent();
        assert.match(m.subject, new RegExp(`^\\[${ref}\\] `));
        assert.match(m.subject, e.info);
        assert.ok(m.text.includes(e.missing), m.text);
        assert.equal(m.mail.header('auto-submitted'), null, 'written by a person');
        assert.equal(m.mail.mail.inReplyTo, '<first@example.net>');
        s = await state(opened.caseId);
        assert.equal(s.waitingOnComplainant, true);
        assert.equal(s.deadline!.answerByDate, '2026-12-04');

        // 1 December: an extension with a window of working days; its last day becomes the answer-by date.
        at('2026-12-01T09:00:00.000Z');
        const ext = await extendCase(world.ctx, opened.caseId, {
          reason: REASON[language],
          windowStart: '2026-12-07',
          windowEnd: '2026-12-11',
          actor: 'user:agent',
        });
        assert.equal(ext.answerByDate, '2026-12-11');
        m = await sent();
        assert.match(m.subject, e.extension);
        assert.ok(m.text.includes(e.window), m.text);
        assert.ok(m.text.includes(REASON[language]));
        s = await state(opened.caseId);
        assert.equal(s.deadline!.answerByDate, '2026-12-11');
        assert.equal(s.originalDeadline!.answerByDate, '2026-12-04');
        assert.equal(s.extensions[0]!.previousAnswerByDate, '2026-12-04');

        // 9 December: the definitive answer, with the way to step 2 by post.
        at('2026-12-09T14:00:00.000Z');
        await answerCase(world.ctx, opened.caseId, {
          outcome: 'partly_upheld',
          text: 'Staff text of the answer.',
          remedy: 'A credit note for one month.',
          attachments: [
            // A PDF: what the use case lets go with an answer (src/core/files/attachment-limits.ts).
            {
              filename: 'credit-note.pdf',
              contentType: 'application/pdf',
              content: Buffer.from('%PDF-1.4\ncredit'),
            },
          ],
          actor: 'user:agent',
        });
        m = await sent();
        assert.match(m.subject, e.answer);
        assert.ok(m.text.includes(e.partly), m.text);
        assert.ok(m.text.includes('Staff text of the answer.'));
        assert.ok(m.text.includes('A credit note for one month.'));
        assert.ok(m.text.includes(e.marker), m.text);
        assert.ok(m.text.includes('Geschäftsleitung\nMusterstraße 1\n76133 Karlsruhe'), m.text);
        assert.equal(m.mail.mail.attachments.length, 1);
        assert.equal(m.mail.mail.attachments[0]!.filename, 'credit-note.pdf');
        s = await state(opened.caseId);
        assert.equal(s.status, 'answered');
        assert.equal(s.outcome, 'partly_upheld');

        // 14 December (Monday): the complainant's letter to management arrives; staff escalate.
        at('2026-12-14T09:00:00.000Z');
        const step2 = await escalateCase(world.ctx, opened.caseId, 'user:management');
        m = await sent();
        assert.match(m.subject, new RegExp(`^\\[${step2.reference}\\] `));
        assert.match(m.subject, e.step2Ack);
        assert.ok(m.text.includes(ref), 'the step-2 acknowledgement names the step-1 case');
        assert.ok(m.text.includes(e.step2AnswerBy), m.text);
        const s2 = await state(step2.caseId);
        assert.equal(s2.step, 2);
        assert.equal(s2.step1CaseId, opened.caseId);
        // Ten working days after Monday 14 December in Baden-Württemberg (25 and 26 December are holidays).
        assert.equal(s2.deadline!.answerByDate, '2026-12-29');
        assert.equal(s2.status, 'acknowledged');
        assert.equal((await state(opened.caseId)).step2CaseId, step2.caseId);

        // 21 December: management's answer, with the dispute-resolution statement and no further step.
        at('2026-12-21T10:00:00.000Z');
        await answerCase(world.ctx, step2.caseId, {
          outcome: 'not_upheld',
          text: 'Management text.',
          remedy: null,
          actor: 'user:management',
        });
        m = await sent();
        assert.match(m.subject, new RegExp(`^\\[${step2.reference}\\] `));
        assert.ok(m.text.includes(e.concluded), m.text);
        assert.ok(m.text.includes(world.config.disputeResolution[language]));
        assert.ok(m.text.includes('VSBG'));
        assert.ok(!m.text.includes(e.marker), 'no step 3');

        // Closing after the quiet period of ten working days (P4.6).
        at('2027-01-06T10:00:00.000Z');
        assert.deepEqual(await closeQuietCases(world.ctx), [opened.caseId]);
        at('2027-01-07T10:00:00.000Z');
        assert.deepEqual(await closeQuietCases(world.ctx), [step2.caseId]);
        assert.equal((await state(step2.caseId)).status, 'closed');
        assert.equal((await state(opened.caseId)).status, 'closed');
        assert.deepEqual(await sendDueMail(world.ctx, world.transport(sink.port)), {
          sent: 0,
          retried: 0,
          failed: 0,
        });
      });
    });
