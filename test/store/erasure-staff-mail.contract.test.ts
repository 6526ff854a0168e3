// The e-mails Redress writes to staff about a case (a new reply from the complainant, a case assigned, a deadline
// passed, the day's digest, a restriction due for review) quote the complainant's name, address and subject, and
// belong to no case. When the case is anonymised (an erasure request, or the retention run), they go with it: no
// name, address or subject of the person is left in them, `archive verify` still finds nothing, and a second
// request changes nothing. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createUser } from '../support/http.ts';
import { acceptingTransport } from '../support/mail-transport.ts';
import { whereFound } from '../support/where-found.ts';

const NOW = '2026-12-07T12:00:00.000Z';
const EMAIL = 'wilhelmine.quast@quast-hof.example';
const NAME = 'Wilhelmine Quast';
const ADMIN = { actor: 'user:admin', label: 'admin@example.org', address: null };

for (const engine of ENGINES) {
  describe(`staff e-mails about an erased person's case (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());
    const mail = (iso: string, subject: string, body: string, inReplyTo?: string) =>
      receiveEmail(at(iso), {
        raw: rawMessage({
          from: `${NAME} <${EMAIL}>`,
          subject,
          date: new Date(iso).toUTCString(),
          body,
          ...(inReplyTo ? { inReplyTo } : {}),
        }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
    const staffMail = () =>
      h.test.database.db
        .selectFrom('correspondence as c')
        .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
        .select(['c.id', 'o.purpose', 'c.redacted'])
        .where('o.audience', '=', 'staff')
        .execute();

    it('redacts them with the case, and the archive still verifies', async () => {
      const agent = await createUser(at('2017-03-01T09:00:00.000Z'), 'agent', { email: 'agent@example.org' });
      const lead = await createUser(at('2017-03-01T09:00:00.000Z'), 'lead', { email: 'lead@example.org' });
      // Monday 6 March 2017, 10:00 in Berlin: a complaint, assigned to the agent.
      const c = await mail(
        '2017-03-06T09:00:00.000Z',
        'Transmission de réclamation - Etape 1 Quast-Hof Rechnung 7733',
        `Bonjour,\n\nNom : ${NAME}\n\nMa facture Quast-7733 est fausse.\n\nJ’attends une facture corrigée.\n\n${NAME}`,
      );
      assert.ok(c.caseId);
      await actOnCase(
        at('2017-03-06T09:30:00.000Z'),
        c.caseId!,
        { type: 'assign', to: agent.id },
        `user:${lead.id}`,
      );
      await sendDueMail(at('2017-03-06T09:35:00.000Z'), acceptingTransport);
      const ack = await h.test.database.db
        .selectFrom('correspondence')
        .select('message_id')
        .where('case_id', '=', c.caseId!)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
      // Her reply: the owner is told who wrote.
      const reply = await mail(
        '2017-03-07T08:00:00.000Z',
        `Re: ${c.reference}`,
        `Noch etwas zu Quast-7733.\n\n${NAME}`,
        ack.message_id!,
      );
      assert.equal(reply.caseId, c.caseId);
      // A restriction due for review, named on her case.
      await actOnComplainant(
        at('2017-03-07T08:30:00.000Z'),
        (
          await h.test.database.db
            .selectFrom('cases')
            .select('complainant_id')
            .where('id', '=', c.caseId!)
            .executeTakeFirstOrThrow()
        ).complainant_id,
        {
          type: 'restrict',
          restrictionId: '00000000-0000-4000-8000-00000000bb01',
          kind: 'written_only',
          reason: 'Zu viele Anrufe.',
          reviewBy: '2017-03-08',
          designatedContactId: null,
        },
        `user:${lead.id}`,
      );
      await sweepDeadlines(at('2017-03-07T09:00:00.000Z'));
      // Tuesday 21 March: the answer is late; a breach alert and the day's digest.
      await sweepDeadlines(at('2017-03-21T09:00:00.000Z'));
      await sendDueMail(at('2017-03-21T09:05:00.000Z'), acceptingTransport);
      const before = await staffMail();
      const purposes = new Set(before.map((m) => m.purpose));
      for (const p of ['staff_assigned', 'staff_new_reply', 'staff_breach', 'staff_digest'])
        assert.ok(purposes.has(p), `a ${p} mail was written (${[...purposes].join(', ')})`);
      assert.ok((await whereFound(h.test.database.db, engine, [NAME])).includes('correspondence.text_body'));

      await answerCase(at('2017-03-22T09:00:00.000Z'), c.caseId!, {
        outcome: 'upheld',
        text: 'Die Rechnung ist korrigiert.',
        remedy: null,
        attachments: [],
        actor: `user:${agent.id}`,
      });
      await actOnCase(
        at('2017-04-05T09:00:00.000Z'),
        c.caseId!,
        { type: 'close', reason: 'Erledigt.' },
        `user:${agent.id}`,
      );

      const erased = await eraseComplainant(at(NOW), EMAIL, {
        reason: 'Her request by letter.',
        acting: ADMIN,
      });
      assert.deepEqual(
        erased.erased.map((e) => e.reference),
        [c.reference],
      );
      assert.deepEqual(
        await whereFound(h.test.database.db, engine, [NAME, 'Quast', 'Wilhelmine', EMAIL, 'Rechnung 7733']),
        [],
        'nothing of her is left, staff mail included',
      );
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
      // The anonymisation's seal covers them: one changed since is named.
      const staff = (await staffMail()).filter((m) => m.redacted === 1);
      assert.equal(staff.length, before.length, 'every staff e-mail about her case is redacted');
      const db = h.test.database.db;
      await db
        .updateTable('correspondence')
        .set({ subject: 'changed' })
        .where('id', '=', staff[0]!.id)
        .execute();
      assert.ok((await verifyArchive(at(NOW))).problems.some((p) => p.kind === 'redaction_altered'));
      await db
        .updateTable('correspondence')
        .set({ subject: '[anonymised]' })
        .where('id', '=', staff[0]!.id)
        .execute();
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
      // Asking again is refused (the record is erased: core/access/complainant-record.ts), and the archive verifies.
      await assert.rejects(
        eraseComplainant(at(NOW), erased.complainantId!, { reason: 'Asked again.', acting: ADMIN }),
        (e: Error & { details?: { context?: string } }) => e.details?.context === 'record_erased',
      );
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
    });
  });
}
