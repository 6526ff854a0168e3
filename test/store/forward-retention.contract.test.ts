// Retention (P6.3) of a suggestion forwarded to a department (P9.1), on SQLite and PostgreSQL. The department's
// e-mails belong to no case (they are not correspondence with the complainant), yet they hold the suggestion's text,
// the case's reference and the department's address: the case's `suggestion_forwarded` event names them, and the
// case's anonymisation redacts them as it redacts the case's own correspondence, seals them with it, and keeps the
// outbox from sending one still waiting. `redress archive verify` accepts them only under that anonymisation: a
// department e-mail redacted by hand is named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { redactCorrespondence } from '../../src/adapters/db/retention.repo.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { completeSuggestion, forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { listRetention } from '../../src/app/plan-retention.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { ANONYMISED } from '../../src/core/archive/retention.ts';
import type { MailTransport, OutgoingMail } from '../../src/core/correspondence/outgoing-mail.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

const NOW = '2026-12-07T10:00:00.000Z';

type Db = Harness['test']['database']['db'];

/** The columns retention replaces on a correspondence row (retention.repo.ts `redactCorrespondence`). */
const PERSONAL = [
  'subject',
  'from_address',
  'from_name',
  'sender_address',
  'to_address',
  'reading',
  'text_body',
  'status_detail',
  'original_sha256',
  'redacted',
] as const;

/** The e-mails to a department that a case's `suggestion_forwarded` events name. */
async function namedForwardMails(db: Db, caseId: string): Promise<string[]> {
  const events = await db
    .selectFrom('events')
    .select('payload')
    .where('stream', '=', `case:${caseId}`)
    .where('type', '=', 'suggestion_forwarded')
    .execute();
  return events
    .flatMap((e) => (JSON.parse(e.payload) as { outboundIds?: string[] }).outboundIds ?? [])
    .sort();
}

async function row(db: Db, id: string) {
  return db.selectFrom('correspondence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const personal = (r: Record<string, unknown>) => Object.fromEntries(PERSONAL.map((k) => [k, r[k]]));

/** Sends nothing anywhere: notes what the outbox hands over. */
function recordingTransport(sent: OutgoingMail[]): MailTransport {
  return {
    send: async (mail) => {
      sent.push(mail);
      return { response: '250 queued' };
    },
    close() {},
  };
}

for (const engine of ENGINES) {
  describe(`a forwarded suggestion's department e-mails under retention (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock(NOW),
        overrides: {
          departments: [
            { name: 'Billing', email: 'billing@example.org', keywords: ['invoice'] },
            { name: 'Sales', email: 'sales@example.org', keywords: [] },
          ],
        },
      });
    });
    after(() => h.close());

    const suggest = (when: string, from: string, subject: string, body: string) =>
      receiveEmail(at(when), {
        raw: rawMessage({ from, subject, date: new Date(when).toUTCString(), body }),
        mailbox: h.config.mailboxes.find((m) => m.role === 'suggestions')!,
        door: 'pipe',
      });

    // Routed by keyword at intake, its e-mail sent; forwarded by staff later, its e-mail still waiting (the
    // outbox was down); a recent suggestion routed at intake, kept.
    let routed: { caseId: string; reference: string; mails: string[] };
    let byStaff: { caseId: string; reference: string; mails: string[] };
    let kept: { caseId: string; reference: string; mails: string[] };

    it('redacts the department e-mails of an anonymised suggestion as its own correspondence, and sends none', async () => {
      const { db } = h.test.database;
      const a = await suggest(
        '2017-03-01T09:00:00.000Z',
        'Ann Lee <ann@example.co.uk>',
        'An idea about the invoice layout',
        'Print my invoices in braille for my grandmother Ada Lovelock.\n\nAnn Lee',
      );
      assert.ok(a.caseId);
      routed = { caseId: a.caseId, reference: a.reference!, mails: await namedForwardMails(db, a.caseId) };
      assert.equal(routed.mails.length, 1, 'routed to Billing at intake');
      const sent: OutgoingMail[] = [];
      await sendDueMail(at('2017-03-01T09:05:00.000Z'), recordingTransport(sent));
      assert.ok(sent.some((m) => m.to === 'billing@example.org'));
      assert.equal((await row(db, routed.mails[0]!)).status, 'sent');

      const b = await suggest(
        '2017-03-05T09:00:00.000Z',
        'Bruno Martin <bruno@example.fr>',
        'Une idée sans mot-clé',
        'Proposition confidentielle : un guichet à Saint-Flour le samedi.\n\nBruno Martin',
      );
      assert.ok(b.caseId);
      assert.deepEqual(await namedForwardMails(db, b.caseId), []);
      await forwardSuggestion(at('2017-03-06T09:00:00.000Z'), b.caseId, {
        department: 'Sales',
        note: 'Bruno Martin y tient beaucoup.',
        actor: 'user:agent',
      });
      byStaff = { caseId: b.caseId, reference: b.reference!, mails: await namedForwardMails(db, b.caseId) };
      assert.equal(byStaff.mails.length, 1, 'forwarded to Sales by staff');
      assert.equal((await row(db, byStaff.mails[0]!)).status, 'pending');

      for (const s of [routed, byStaff])
        await completeSuggestion(at('2017-04-01T09:00:00.000Z'), s.caseId, {
          note: null,
          actor: 'user:agent',
        });

      const c = await suggest(
        '2026-11-20T09:00:00.000Z',
        'Clara Vogt <clara@example.de>',
        'Invoice by post',
        'Bitte die invoice per Post an Clara Vogt.',
      );
      kept = { caseId: c.caseId!, reference: c.reference!, mails: await namedForwardMails(db, c.caseId!) };
      assert.equal(kept.mails.length, 1);

      for (const s of [routed, byStaff, kept]) {
        const r = await row(db, s.mails[0]!);
        assert.equal(r.case_id, null, 'department mail belongs to no case');
        assert.ok(`${r.subject}\n${r.text_body}`.includes(s.reference));
      }

      const dry = await listRetention(h.ctx);
      const run = await runRetention(h.ctx, { actor: 'cli' });
      assert.deepEqual(
        run.anonymised.map((x) => x.reference).sort(),
        [routed.reference, byStaff.reference].sort(),
      );
      // The dry run counts what the run redacts: the department e-mails too.
      const counted = (xs: { reference: string; correspondence: number }[]) =>
        Object.fromEntries(xs.map((x) => [x.reference, x.correspondence]));
      assert.deepEqual(counted(dry.due), counted(run.anonymised));

      for (const s of [routed, byStaff]) {
        const own = await db
          .selectFrom('correspondence')
          .selectAll()
          .where('case_id', '=', s.caseId)
          .where('direction', '=', 'out')
          .executeTakeFirstOrThrow();
        const mail = await row(db, s.mails[0]!);
        assert.equal(mail.redacted, 1, `the department e-mail of ${s.reference} is redacted`);
        assert.equal(mail.subject, ANONYMISED);
        // Redacted as the case's own outbound mail is, column by column.
        assert.deepEqual(personal(mail), personal(own));
        const side = await db
          .selectFrom('outbound_items')
          .selectAll()
          .where('correspondence_id', '=', s.mails[0]!)
          .executeTakeFirstOrThrow();
        const text = JSON.stringify({ mail, side });
        for (const word of [s.reference, 'braille', 'Lovelock', 'Saint-Flour', 'Bruno', 'billing@', 'sales@'])
          assert.ok(!text.includes(word), `${word} is gone from ${s.mails[0]}`);
      }
      // Sent before: it stays sent. Still waiting: it is not sent any more.
      assert.equal((await row(db, routed.mails[0]!)).status, 'sent');
      const waiting = await row(db, byStaff.mails[0]!);
      assert.equal(waiting.status, 'failed');
      assert.equal(waiting.next_attempt_at, null);
      // Only the kept suggestion's mail goes (its acknowledgement, its e-mail to Billing), untouched.
      const after: OutgoingMail[] = [];
      const report = await sendDueMail(h.ctx, recordingTransport(after));
      assert.deepEqual(after.map((m) => m.to).sort(), ['billing@example.org', 'clara@example.de']);
      assert.ok(after.every((m) => m.subject.includes(kept.reference)));
      assert.deepEqual(report, { sent: 2, retried: 0, failed: 0 });
      const keptMail = await row(db, kept.mails[0]!);
      assert.equal(keptMail.redacted, 0);
      assert.ok(keptMail.text_body?.includes('Clara Vogt'));

      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
    });

    it('verify names a redacted department e-mail changed after its anonymisation', async () => {
      const { db } = h.test.database;
      const id = byStaff.mails[0]!;
      await db
        .updateTable('correspondence')
        .set({ subject: 'Guichet à Saint-Flour' })
        .where('id', '=', id)
        .execute();
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        [`redaction_altered case:${byStaff.caseId}`],
      );
      await db.updateTable('correspondence').set({ subject: ANONYMISED }).where('id', '=', id).execute();
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
    });

    it('verify names a department e-mail redacted by hand, its suggestion not anonymised', async () => {
      const { db } = h.test.database;
      const id = kept.mails[0]!;
      await h.test.database.transaction((trx) => redactCorrespondence(trx, [id]));
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        [`redacted_without_anonymisation correspondence:${id}`],
      );
      assert.equal((await row(db, id)).redacted, 1);
    });
  });
}
