// Staff e-mails about a case are found for redaction by the cases they name in a table of their own
// (staff_mail_cases), not by the link to the case's page in their text. An administrator's version of the "deadline
// passed" template without that link is still redacted with the case. The day's digest lists several people's
// cases: when Ada's goes, only her items go (each becomes her case's reference and "[anonymised]"), Bert's stay as
// they were, and the archive verifies; an item of Bert's changed by hand afterwards is found; when Bert's case goes
// too, the archive still verifies. The upgrade gives staff mail written before it its cases from the links in its
// text. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { down, up } from '../../src/adapters/db/migrations/202612071600-staff-mail-cases.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { saveTemplateVersion } from '../../src/app/manage-templates.ts';
import { caseUrl, queueEmail } from '../../src/app/outbound-mail.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { LANGUAGES } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createUser } from '../support/http.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const NOW = '2026-12-07T12:00:00.000Z';
const ADA = { name: 'Adalgisa Quirin', email: 'adalgisa.quirin@quirin-hof.example', mark: 'Quirin-9931' };
const BERT = { name: 'Bertolt Wendling', email: 'bertolt.wendling@wendling.example', mark: 'Wendling-5517' };
const ADMIN = { actor: 'user:admin', label: 'admin@example.org', address: null };

for (const engine of ENGINES) {
  describe(`staff e-mails found by their cases, a digest losing one person's items (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());
    const complaint = (iso: string, who: typeof ADA) =>
      receiveEmail(at(iso), {
        raw: rawMessage({
          from: `${who.name} <${who.email}>`,
          subject: `Transmission de réclamation - Etape 1 ${who.mark}`,
          date: new Date(iso).toUTCString(),
          body: `Bonjour,\n\nNom : ${who.name}\n\nMa facture ${who.mark} est fausse.\n\nJ’attends une facture corrigée.\n\n${who.name}`,
        }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
    const staffMail = () =>
      h.test.database.db
        .selectFrom('correspondence as c')
        .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
        .select(['c.id', 'o.purpose', 'c.redacted', 'c.text_body', 'c.subject'])
        .where('o.audience', '=', 'staff')
        .orderBy('c.id')
        .execute();
    const problems = async () => (await verifyArchive(at(NOW))).problems;

    it('redacts an edited template without the link, and only her items of a shared digest', async () => {
      const db = h.test.database.db;
      const agent = await createUser(at('2017-03-01T09:00:00.000Z'), 'agent', { email: 'agent@example.org' });
      const lead = await createUser(at('2017-03-01T09:00:00.000Z'), 'lead', { email: 'lead@example.org' });
      // The administrator's "deadline passed" text names the case and its subject, but gives no link to its page.
      for (const language of LANGUAGES)
        await saveTemplateVersion(at('2017-03-01T10:00:00.000Z'), {
          kind: 'staff_breach',
          language,
          template: {
            subject: '[{{reference}}] Frist',
            body: 'Bitte ansehen: {{reference}} ("{{caseSubject}}"), fällig {{due}}.\n\n{{organisation}}',
          },
          note: 'ohne Link',
          acting: ADMIN,
        });
      const cases = [];
      for (const who of [ADA, BERT]) {
        const c = await complaint('2017-03-06T09:00:00.000Z', who);
        assert.ok(c.caseId);
        await actOnCase(
          at('2017-03-06T09:30:00.000Z'),
          c.caseId!,
          { type: 'assign', to: agent.id },
          `user:${lead.id}`,
        );
        cases.push(c);
      }
      const [ada, bert] = cases as [(typeof cases)[0], (typeof cases)[0]];
      await sendDueMail(at('2017-03-06T09:35:00.000Z'), acceptingTransport);
      // Tuesday 21 March: both answers are late; a breach alert each and one digest listing both.
      await sweepDeadlines(at('2017-03-21T09:00:00.000Z'));
      await sendDueMail(at('2017-03-21T09:05:00.000Z'), acceptingTransport);
      const written = await staffMail();
      const breaches = written.filter((m) => m.purpose === 'staff_breach' && m.text_body?.includes(ADA.mark));
      assert.ok(breaches.length > 0, 'a breach alert quotes her subject');
      for (const b of breaches) assert.ok(!b.text_body!.includes('/cases/'), 'without the link to her case');
      const digests = written.filter(
        (m) =>
          m.purpose === 'staff_digest' && m.text_body?.includes(ADA.mark) && m.text_body.includes(BERT.mark),
      );
      assert.ok(digests.length > 0, 'a digest lists both cases');

      for (const [c, who] of [
        [ada, ADA],
        [bert, BERT],
      ] as const) {
        await answerCase(at('2017-03-22T09:00:00.000Z'), c.caseId!, {
          outcome: 'upheld',
          text: `Die Rechnung ${who.mark} ist korrigiert.`,
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
      }

      const erased = await eraseComplainant(at(NOW), ADA.email, { reason: 'Her letter.', acting: ADMIN });
      assert.deepEqual(
        erased.erased.map((e) => e.reference),
        [ada.reference],
      );
      const afterAda = await staffMail();
      for (const m of afterAda)
        for (const n of [ADA.mark, ADA.name, ADA.email])
          assert.ok(!`${m.subject} ${m.text_body}`.includes(n), `${n} is gone from the ${m.purpose} mail`);
      for (const b of breaches)
        assert.equal(afterAda.find((m) => m.id === b.id)?.redacted, 1, 'her breach alert is redacted');
      for (const d of digests) {
        const text = afterAda.find((m) => m.id === d.id)!.text_body ?? '';
        assert.ok(text.includes(`- ${ada.reference} [anonymised]`), 'her item says her case was listed');
        assert.ok(text.includes(BERT.mark), 'Bert’s item is kept');
        assert.ok(text.includes(caseUrl(at(NOW), bert.caseId!)), 'with its link');
      }
      assert.deepEqual(await problems(), []);

      // Bert's item changed by hand in the digest: her anonymisation's seal covers it.
      const digest = afterAda.find((m) => m.id === digests[0]!.id)!;
      await db
        .updateTable('correspondence')
        .set({ text_body: digest.text_body!.replace(BERT.mark, 'Wendling-0000') })
        .where('id', '=', digest.id)
        .execute();
      assert.ok((await problems()).some((p) => p.kind === 'redaction_altered'));
      await db
        .updateTable('correspondence')
        .set({ text_body: digest.text_body })
        .where('id', '=', digest.id)
        .execute();
      assert.deepEqual(await problems(), []);

      // Bert's case goes too: his items go, and both seals still hold.
      await eraseComplainant(at(NOW), BERT.email, { reason: 'His letter.', acting: ADMIN });
      for (const m of await staffMail())
        for (const n of [BERT.mark, BERT.name, BERT.email])
          assert.ok(!`${m.subject} ${m.text_body}`.includes(n), `${n} is gone from the ${m.purpose} mail`);
      assert.deepEqual(await problems(), []);
      // Asking again is refused: the record is erased (core/access/complainant-record.ts), and nothing changes.
      await assert.rejects(
        eraseComplainant(at(NOW), erased.complainantId!, { reason: 'Again.', acting: ADMIN }),
        (e: Error & { details?: { context?: string } }) => e.details?.context === 'record_erased',
      );
      assert.deepEqual(await problems(), []);
    });

    it('gives staff mail written before the upgrade its cases from the links in its text', async () => {
      const db = h.test.database.db;
      const c = await complaint('2017-05-02T09:00:00.000Z', {
        name: 'Carla Vorher',
        email: 'carla.vorher@vorher.example',
        mark: 'Vorher-1234',
      });
      const ctx = at('2017-05-02T10:00:00.000Z');
      const id = await queueEmail(ctx, db, {
        caseId: null,
        purpose: 'staff_new_reply',
        audience: 'staff',
        fromRole: 'complaints',
        to: 'agent@example.org',
        subject: 'Neue Nachricht',
        text: `Carla Vorher schrieb.\n\n${caseUrl(ctx, c.caseId!)}`,
        language: 'de',
        inReplyTo: null,
        references: [],
        autoSubmitted: 'auto-generated',
        attachments: [],
        templateVersion: null,
        actor: 'system',
      });
      const rows = () =>
        db.selectFrom('staff_mail_cases').selectAll().where('correspondence_id', '=', id).execute();
      assert.deepEqual(await rows(), [], 'written without naming its case, as an older release did');
      // The upgrade again: the table made anew, filled from what staff mail holds.
      await down(db as never);
      await up(db as never);
      assert.deepEqual(await rows(), [{ correspondence_id: id, case_id: c.caseId }]);
    });
  });
}
