// A suggestion forwarded to a department (P9.1), at intake by the keyword rules or later by staff, on SQLite and
// PostgreSQL: the seal of each department e-mail is carried by the case's `suggestion_forwarded` event, so filing
// a routed suggestion appends nothing to the audit chain (whose head every append locks on PostgreSQL, for the
// rest of the intake batch's transaction). `redress archive verify` names a forward mail changed afterwards, and an
// archive whose forward mails were anchored in the audit chain (written by an earlier release) still verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readAuditHead } from '../../src/adapters/db/audit-chain.repo.ts';
import { insertOutbound } from '../../src/adapters/db/outbox.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { completeSuggestion, forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { addUser } from '../../src/app/manage-users.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { outboundDigestOf } from '../support/forge.ts';

const NOW = '2026-12-07T10:00:00.000Z';
const ACTING = { actor: 'cli', label: null, address: null };

type Db = Harness['test']['database']['db'];

/** The department e-mails written for a case's forward (they carry no case id: found by their text). */
async function forwardMails(db: Db, reference: string): Promise<string[]> {
  const rows = await db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select(['c.id', 'c.subject', 'c.text_body'])
    .where('o.purpose', '=', 'department_forward')
    .execute();
  return rows
    .filter((r) => `${r.subject}\n${r.text_body}`.includes(reference))
    .map((r) => r.id)
    .sort();
}

/** The outbound seals the audit chain anchors, by item. */
async function auditSealed(db: Db): Promise<string[]> {
  const rows = (await db
    .selectFrom('audit_log' as never)
    .select(['target_id'] as never)
    .where('action' as never, '=', 'outbound_sealed' as never)
    .execute()) as { target_id: string }[];
  return rows.map((r) => r.target_id);
}

/** The seals the case's `suggestion_forwarded` events carry: item id → seal. */
async function forwardSeals(db: Db, caseId: string): Promise<Map<string, string>> {
  const events = await db
    .selectFrom('events')
    .select(['type', 'payload'])
    .where('stream', '=', `case:${caseId}`)
    .where('type', '=', 'suggestion_forwarded')
    .execute();
  const out = new Map<string, string>();
  for (const e of events) {
    const p = JSON.parse(e.payload) as { outboundSeals?: { id: string; sha256: string }[] };
    for (const s of p.outboundSeals ?? []) out.set(s.id, s.sha256);
  }
  return out;
}

for (const engine of ENGINES) {
  describe(`a suggestion forwarded to a department: its mail sealed by the case's event (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock(NOW),
        overrides: {
          departments: [
            { name: 'Billing', email: 'billing@example.org', keywords: ['invoice', 'facture'] },
            { name: 'Hosting', email: 'hosting@example.org', keywords: ['server'] },
            { name: 'Sales', email: 'sales@example.org', keywords: [] },
          ],
        },
      });
    });
    after(() => h.close());

    const suggest = (from: string, subject: string) =>
      h.intake.receive({
        raw: rawMessage({ from, subject, body: `${subject}.\n\nMerci.` }),
        mailbox: h.config.mailboxes.find((m) => m.role === 'suggestions')!,
        door: 'smtp',
      });

    it('files a suggestion routed at intake without appending to the audit chain', async () => {
      const { db } = h.test.database;
      const head = await readAuditHead(db);
      const s = await suggest('Ann Lee <ann@example.co.uk>', 'An idea about the invoice layout');
      assert.ok(s.caseId);
      const mails = await forwardMails(db, s.reference!);
      assert.equal(mails.length, 1, 'one e-mail to Billing');
      // The intake batch's transaction did not take the audit chain's head.
      assert.deepEqual(await auditSealed(db), []);
      assert.deepEqual(await readAuditHead(db), head);
      const seals = await forwardSeals(db, s.caseId);
      assert.deepEqual([...seals.keys()], mails);
      assert.equal(seals.get(mails[0]!), await outboundDigestOf(db, mails[0]!));
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(report.problems, []);
    });

    it('seals a forward made later by staff, to each of a department’s members, the same way', async () => {
      const { db } = h.test.database;
      const s = await suggest('Bruno Martin <bruno@example.fr>', 'Une idée sans mot-clé');
      assert.deepEqual(await forwardMails(db, s.reference!), []);
      // A department with no configured address (removed after its members were placed in it) reaches its
      // members, one e-mail each.
      for (const email of ['sales.one@example.org', 'sales.two@example.org'])
        await addUser(
          h.ctx,
          {
            email,
            name: email,
            role: 'department_member',
            departments: ['Sales'],
            language: 'en',
            password: 'a long enough password',
          },
          ACTING,
        );
      h.ctx.refresh({ ...h.config, departments: h.config.departments.filter((d) => d.name !== 'Sales') });
      const audited = await auditSealed(db);
      const { notified } = await forwardSuggestion(h.ctx, s.caseId!, {
        department: 'Sales',
        note: 'Pour suite à donner.',
        actor: 'user:agent',
      });
      assert.equal(notified.length, 2);
      const mails = await forwardMails(db, s.reference!);
      assert.equal(mails.length, 2);
      assert.deepEqual(await auditSealed(db), audited);
      const seals = await forwardSeals(db, s.caseId!);
      assert.deepEqual([...seals.keys()].sort(), mails);
      for (const id of mails) assert.equal(seals.get(id), await outboundDigestOf(db, id));
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
    });

    it('names a forward mail whose text was changed with its own copy of the seal made to match', async () => {
      const { db } = h.test.database;
      const s = await suggest('Clara Vogt <clara@example.de>', 'Bitte die facture als PDF');
      const [mail] = await forwardMails(db, s.reference!);
      assert.ok(mail);
      await db
        .updateTable('correspondence')
        .set({ text_body: 'Nothing to see here.' })
        .where('id', '=', mail)
        .execute();
      await db
        .updateTable('correspondence')
        .set({ content_sha256: await outboundDigestOf(db, mail) })
        .where('id', '=', mail)
        .execute();
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        [`outbound_altered correspondence:${mail}`],
      );
      assert.match(
        report.problems[0]!.detail,
        new RegExp(
          `e-mail ${mail} \\(department_forward, pending\\) \\(of no case\\) no longer matches the seal case ${s.reference} \\(event \\d+, suggestion_forwarded\\) recorded`,
        ),
      );
      // Deleted, it is named as missing by the event that sealed it.
      await db.deleteFrom('outbound_items').where('correspondence_id', '=', mail).execute();
      await db.deleteFrom('correspondence').where('id', '=', mail).execute();
      const gone = await verifyArchive(h.ctx);
      assert.deepEqual(
        gone.problems.map((p) => `${p.kind} ${p.stream}`),
        [`correspondence_missing correspondence:${mail}`],
      );
    });
  });

  describe(`an archive whose forward mails the audit chain anchors (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock(NOW),
        overrides: { departments: [{ name: 'Billing', email: 'billing@example.org' }] },
      });
    });
    after(() => h.close());

    it('verifies intact, and names a forward mail changed afterwards against its audit entry', async () => {
      const { db } = h.test.database;
      const s = await h.intake.receive({
        raw: rawMessage({ from: 'Ann Lee <ann@example.co.uk>', subject: 'Une idée' }),
        mailbox: h.config.mailboxes.find((m) => m.role === 'suggestions')!,
        door: 'smtp',
      });
      // What an earlier release wrote: the event naming no mail, then the mail, its seal in the audit chain.
      await actOnCase(
        h.ctx,
        s.caseId!,
        { type: 'forward_suggestion', department: 'Billing', note: null },
        'user:agent',
      );
      const old = 'old-forward-mail';
      await h.test.database.transaction((trx) =>
        insertOutbound(trx, {
          id: old,
          caseId: null,
          channel: 'email',
          purpose: 'department_forward',
          audience: 'department',
          messageId: `<${old}@example.org>`,
          inReplyTo: null,
          references: [],
          fromAddress: 'info@example.org',
          fromName: 'Example',
          toAddress: 'billing@example.org',
          subject: `[${s.reference}] Suggestion`,
          text: 'Une idée.',
          language: 'fr',
          autoSubmitted: null,
          attachments: [],
          postalAddress: null,
          originalSha256: null,
          templateVersion: null,
          status: 'pending',
          at: NOW,
          createdBy: 'user:agent',
        }),
      );
      assert.deepEqual(await auditSealed(db), [old]);
      const intact = await verifyArchive(h.ctx);
      assert.deepEqual(intact.problems, []);
      assert.equal(intact.outboundUnanchored, 0);

      await db
        .updateTable('correspondence')
        .set({ text_body: 'Autre chose.' })
        .where('id', '=', old)
        .execute();
      await db
        .updateTable('correspondence')
        .set({ content_sha256: await outboundDigestOf(db, old) })
        .where('id', '=', old)
        .execute();
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        [`outbound_altered correspondence:${old}`],
      );
      assert.match(
        report.problems[0]!.detail,
        /\(department_forward, pending\) \(of no case\) .*audit entry \d+/,
      );
    });
  });

  describe(`a forwarded suggestion anonymised (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock(NOW),
        overrides: {
          departments: [{ name: 'Billing', email: 'billing@example.org', keywords: ['invoice'] }],
        },
      });
    });
    after(() => h.close());

    it('still verifies once retention has redacted the event that sealed its forward mail', async () => {
      const at = (iso: string) => createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
      const s = await receiveEmail(at('2017-03-01T09:00:00.000Z'), {
        raw: rawMessage({ from: 'Ann Lee <ann@example.co.uk>', subject: 'An idea about the invoice' }),
        mailbox: h.config.mailboxes.find((m) => m.role === 'suggestions')!,
        door: 'pipe',
      });
      assert.equal((await forwardMails(h.test.database.db, s.reference!)).length, 1);
      await completeSuggestion(at('2017-04-01T09:00:00.000Z'), s.caseId!, {
        note: null,
        actor: 'user:agent',
      });
      const run = await runRetention(h.ctx, { actor: 'cli' });
      assert.deepEqual(
        run.anonymised.map((a) => a.reference),
        [s.reference],
      );
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
    });
  });
}
