// A complaint that lacks information (P2.7, P3.2, P4.5), through every door a complaint comes in by (e-mail, the
// public form, the API, a letter registered by staff), from a new complainant or one already known: what is missing
// is decided by one rule (what the complaint gives, completed by what the complainant's record holds), the
// acknowledgement asks for exactly that, the case then shows that it waits on the complainant, and the answer, by
// whichever way it comes (a reply by e-mail, an addition on the complainant's own page, a letter), ends the wait.
// The clock never moves for any of it, and a stranger quoting the reference ends nothing. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { addInformation } from '../../src/app/complainant-link.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { CaseState } from '../../src/core/case/case.ts';
import type { MissingField } from '../../src/core/case/model.ts';
import type { OutgoingMail } from '../../src/core/correspondence/outgoing-mail.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/http.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const DESCRIPTION = 'Mon domaine ne répond plus depuis trois jours, depuis la migration de mon hébergement.';
const EXPECTATIONS = 'J’attends que le domaine soit rétabli et que ces trois jours me soient remboursés.';
/** What the French acknowledgement says for each missing field (src/core/correspondence/texts/fr.ts). */
const ASKED: Partial<Record<MissingField, string>> = {
  name: 'vos nom et prénom',
  expectations: 'ce que vous attendez de notre part pour régler la situation',
};

type Door = 'email' | 'form' | 'api' | 'letter';
type Answer = 'reply' | 'page' | 'letter';

for (const engine of ENGINES)
  describe(`a complaint missing information, on ${engine}`, () => {
    let t: TestApp;
    const sent: OutgoingMail[] = [];
    const transport = {
      async send(m: OutgoingMail) {
        sent.push(m);
        return { response: '250 2.0.0 Ok: queued' };
      },
      close() {},
    };
    let n = 0;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());
    const box = () => t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
    const state = async (id: string): Promise<CaseState> =>
      (await inTransaction(t.ctx, (agg) => agg.loadCase(id))).state!;
    /** Sends what is due and returns the acknowledgement of this case. */
    const acknowledgementOf = async (reference: string): Promise<OutgoingMail> => {
      await sendDueMail(t.ctx, transport);
      const ack = sent.find((m) => m.subject.includes(reference));
      assert.ok(ack, `an acknowledgement for ${reference}`);
      return ack;
    };

    async function complain(
      door: Door,
      email: string,
      o: { name: boolean; expectations: boolean },
    ): Promise<{ caseId: string; reference: string }> {
      const body = [DESCRIPTION, ...(o.expectations ? ['', EXPECTATIONS] : [])].join('\n');
      if (door === 'email') {
        const r = await receiveEmail(t.ctx, {
          raw: rawMessage({
            from: o.name ? `Marie Dupont <${email}>` : email,
            subject: STEP1,
            body: `Bonjour,\n\n${body}\n`,
          }),
          mailbox: box(),
          door: 'pipe',
        });
        assert.equal(r.filing, 'case_opened');
        return { caseId: r.caseId!, reference: r.reference! };
      }
      if (door === 'letter') {
        const r = await registerLetter(
          t.ctx,
          {
            arrived: t.ctx.calendar.localDate(t.ctx.clock.now()).toString(),
            title: STEP1,
            complainant: { name: o.name ? 'Marie Dupont' : null, email },
            language: 'fr',
            description: DESCRIPTION,
            expectations: o.expectations ? EXPECTATIONS : null,
          },
          null,
          'user:clerk',
        );
        return { caseId: r.caseId!, reference: r.reference! };
      }
      const r = await submitComplaint(
        t.ctx,
        {
          complainant: { name: o.name ? 'Marie Dupont' : null, email },
          language: 'fr',
          description: DESCRIPTION,
          expectations: o.expectations ? EXPECTATIONS : null,
        },
        { channel: door === 'form' ? 'web' : 'api', actor: `${door}:test` },
      );
      return { caseId: r.caseId, reference: r.reference };
    }

    async function answer(how: Answer, email: string, c: { caseId: string; reference: string }, ack: string) {
      if (how === 'reply') {
        const r = await receiveEmail(t.ctx, {
          raw: rawMessage({
            from: `Marie Dupont <${email}>`,
            subject: `Re: [${c.reference}] Votre réclamation`,
            body: `Bonjour,\n\n${EXPECTATIONS}\n\nMarie Dupont\n`,
          }),
          mailbox: box(),
          door: 'pipe',
        });
        assert.equal(r.caseId, c.caseId, 'the reply is filed on the case');
      } else if (how === 'page') {
        const token = /\/c\/([A-Za-z0-9_-]+)/.exec(ack)?.[1];
        assert.ok(token, 'the acknowledgement carries the link to the complainant’s page');
        const r = await addInformation(t.ctx, token, {
          text: `Marie Dupont. ${EXPECTATIONS}`,
          files: [],
          idempotencyKey: `page-${c.caseId}`,
          subject: 'Informations complémentaires',
        });
        assert.ok(r.ok, JSON.stringify(r));
      } else {
        const r = await registerLetter(
          t.ctx,
          {
            arrived: t.ctx.calendar.localDate(t.ctx.clock.now()).toString(),
            title: `Réf. ${c.reference}`,
            caseReference: c.reference,
            complainant: { email },
            language: 'fr',
            description: EXPECTATIONS,
          },
          null,
          'user:clerk',
        );
        assert.equal(r.caseId, c.caseId, 'the letter is filed on the case');
      }
    }

    it('asks for what is missing by one rule at every door, waits on the complainant, and stops on the answer', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Door>('email', 'form', 'api', 'letter'),
          fc.record({ name: fc.boolean(), expectations: fc.boolean() }),
          fc.boolean(),
          fc.constantFrom<Answer>('reply', 'page', 'letter'),
          async (door, given, known, how) => {
            const email = `person${++n}@example.net`;
            // A complainant known from an earlier complaint, with their name on record.
            if (known)
              await complain('form', email, { name: true, expectations: true }).then((c) =>
                acknowledgementOf(c.reference),
              );
            const c = await complain(door, email, given);
            const expected: MissingField[] = [
              ...(given.name || known ? [] : (['name'] as const)),
              ...(given.expectations ? [] : (['expectations'] as const)),
            ];
            const ack = (await acknowledgementOf(c.reference)).text;
            let s = await state(c.caseId);
            assert.deepEqual(s.missing, expected, `what the case records as missing (${door})`);
            for (const [field, words] of Object.entries(ASKED))
              assert.equal(
                ack.includes(`- ${words}`),
                expected.includes(field as MissingField),
                `the acknowledgement ${expected.includes(field as MissingField) ? 'asks' : 'does not ask'} for ${field} (${door}):\n${ack}`,
              );
            assert.equal(s.status, 'acknowledged');
            assert.equal(
              s.waitingOnComplainant,
              expected.length > 0,
              `the case ${expected.length ? 'waits' : 'does not wait'} on the complainant (${door})`,
            );
            const deadline = s.deadline;
            assert.deepEqual(deadline, s.originalDeadline, 'asking does not move the clock (P4.5)');
            if (!expected.length) return;

            // Someone else quoting the reference ends nothing.
            const stranger = await receiveEmail(t.ctx, {
              raw: rawMessage({
                from: `Mallory <mallory${n}@example.com>`,
                subject: `Re: [${c.reference}] Votre réclamation`,
                body: `${EXPECTATIONS}\n`,
              }),
              mailbox: box(),
              door: 'pipe',
            });
            assert.notEqual(stranger.caseId, c.caseId);
            assert.equal((await state(c.caseId)).waitingOnComplainant, true, 'still waiting');

            await answer(how, email, c, ack);
            s = await state(c.caseId);
            assert.equal(s.waitingOnComplainant, false, `the ${how} ends the wait`);
            assert.equal(s.status, 'acknowledged');
            assert.deepEqual(s.deadline, deadline, 'the answer does not move the clock either');
          },
        ),
        { numRuns: 24 },
      );
    });
  });
