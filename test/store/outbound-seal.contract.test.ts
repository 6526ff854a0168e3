// Outbound items are sealed and the seal is anchored in a hash chain (P6.2), on SQLite and PostgreSQL: an e-mail or a
// letter changed in the database with the row's own copy of the digest recomputed is named by `redress archive
// verify` with the item and its case, whichever way it was written (an acknowledgement, a reply, a letter, account
// mail of no case); sending it (claimed, sent, given back, failed) changes nothing that is sealed. A correspondence row
// added by hand, inbound or outbound, is named as accounted for by no chain. Rows of an upgraded database are counted
// apart, not named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordAnchorList } from '../../src/adapters/db/anchor-list.repo.ts';
import * as beforeAnchor from '../../src/adapters/db/migrations/202612061420-correspondence-before-anchor.ts';
import * as anchorListRecord from '../../src/adapters/db/migrations/202612061700-anchor-list-record.ts';
import { claimDue, markFailed, recordOutcomes } from '../../src/adapters/db/outbox.repo.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { extendCase, extensionWindowOptions } from '../../src/app/extend-case.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { sendTestTemplate } from '../../src/app/manage-templates.ts';
import { inviteUser } from '../../src/app/manage-users.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { sendReply } from '../../src/app/send-reply.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';
import { copyByHand, outboundDigestOf } from '../support/forge.ts';

const NOW = '2026-12-07T10:00:00.000Z';
const ACTING = { actor: 'cli', label: null, address: null };

type Db = Harness['test']['database']['db'];

/** What a forger who changes an outbound item and recomputes the row's copy of its digest writes. */
async function forgeOutbound(
  db: Db,
  id: string,
  change: { correspondence?: Record<string, string>; side?: Record<string, string> },
): Promise<void> {
  if (change.correspondence)
    await db.updateTable('correspondence').set(change.correspondence).where('id', '=', id).execute();
  if (change.side)
    await db.updateTable('outbound_items').set(change.side).where('correspondence_id', '=', id).execute();
  await db
    .updateTable('correspondence')
    .set({ content_sha256: await outboundDigestOf(db, id) })
    .where('id', '=', id)
    .execute();
}

/** Where each outbound row's seal is anchored: `event <type>` or `audit`, as many as there are. */
async function anchorsOf(db: Db): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('correspondence')
    .select(['id', 'content_sha256'])
    .where('direction', '=', 'out')
    .execute();
  const events = await db.selectFrom('events').select(['type', 'payload']).execute();
  const audit = (await db
    .selectFrom('audit_log' as never)
    .select(['action', 'target_id', 'detail'] as never)
    .where('action' as never, '=', 'outbound_sealed' as never)
    .execute()) as { target_id: string; detail: string }[];
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const found: string[] = [];
    for (const e of events) {
      const p = JSON.parse(e.payload) as {
        outboundSeal?: { id: string; sha256: string };
        outboundSeals?: { id: string; sha256: string }[];
      };
      for (const seal of [...(p.outboundSeal ? [p.outboundSeal] : []), ...(p.outboundSeals ?? [])])
        if (seal.id === r.id && seal.sha256 === r.content_sha256) found.push(`event ${e.type}`);
    }
    for (const a of audit)
      if (a.target_id === r.id && (JSON.parse(a.detail) as { sha256: string }).sha256 === r.content_sha256)
        found.push('audit');
    out.set(r.id, found);
  }
  return out;
}

for (const engine of ENGINES) {
  describe(`archive verify: outbound items anchored in a chain (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    const receive = (from: string) =>
      receiveEmail(h.ctx, {
        raw: rawMessage({ from }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
    const outboundOf = async (caseId: string | null, purpose: string) => {
      const rows = await h.test.database.db
        .selectFrom('correspondence as c')
        .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
        .select(['c.id', 'c.channel'])
        .where('o.purpose', '=', purpose)
        .$if(caseId !== null, (q) => q.where('c.case_id', '=', caseId))
        .$if(caseId === null, (q) => q.where('c.case_id', 'is', null))
        .execute();
      assert.equal(rows.length, 1, `one ${purpose} of ${caseId ?? 'no case'}`);
      return rows[0]!.id;
    };

    it('names an e-mail or a letter changed with its digest recomputed, with its case; sending it changes nothing sealed', async () => {
      const { db } = h.test.database;
      const anna = await receive('Anna Schmidt <anna@example.de>');
      const ack = await outboundOf(anna.caseId!, 'acknowledgement');
      const reply = await sendReply(h.ctx, anna.caseId!, {
        kind: 'reply',
        text: 'Nous regardons votre domaine.',
        actor: 'user:agent',
      });
      const letter = await registerLetter(
        h.ctx,
        {
          arrived: '2026-12-04',
          title: 'Réclamation',
          complainant: {
            name: 'Jean Martin',
            postalAddress: ['Jean Martin', '12 rue de la Paix', '75002 Paris'],
          },
          language: 'fr',
          ticketRefs: ['482913'],
          domains: [],
          description: 'Mon site est hors ligne depuis la migration.',
          expectations: null,
        },
        null,
        'user:clerk',
      );
      const letterAck = await outboundOf(letter.caseId!, 'acknowledgement');
      await inviteUser(
        h.ctx,
        { email: 'new.agent@example.org', name: 'New Agent', role: 'agent', departments: [], language: 'fr' },
        ACTING,
      );
      const invitation = await outboundOf(null, 'account_invitation');

      // Sent, given back to be tried again, failed: what changes as an item goes out is not sealed.
      const claimed = await claimDue(h.test.database, NOW, '2026-12-07T10:05:00.000Z', 10);
      assert.deepEqual(claimed.map((c) => c.id).sort(), [ack, reply.correspondenceId, invitation].sort());
      await recordOutcomes(h.test.database, [
        { kind: 'sent', id: ack, at: '2026-12-07T10:00:05.000Z', detail: '250 OK' },
        {
          kind: 'retry',
          id: reply.correspondenceId,
          nextAt: '2026-12-07T10:10:00.000Z',
          detail: '451 later',
        },
      ]);
      await markFailed(db, invitation, '550 no such user');
      const clean = await verifyArchive(h.ctx);
      assert.deepEqual(clean.problems, []);
      assert.equal(clean.outbound, 4);
      assert.equal(clean.outboundUnsealed, 0);
      assert.equal(clean.outboundUnanchored, 0);

      await forgeOutbound(db, ack, { correspondence: { to_address: 'mallory@example.com' } });
      await forgeOutbound(db, reply.correspondenceId, {
        correspondence: { text_body: 'Nous refusons tout.' },
      });
      await forgeOutbound(db, letterAck, {
        side: { postal_address: JSON.stringify(['Jean Martin', '1 rue Ailleurs', '13001 Marseille']) },
      });
      await forgeOutbound(db, invitation, { correspondence: { subject: 'Votre compte est supprimé' } });
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        [ack, reply.correspondenceId, letterAck, invitation]
          .map((id) => `outbound_altered correspondence:${id}`)
          .sort(),
      );
      const detail = (id: string) => report.problems.find((p) => p.stream === `correspondence:${id}`)!.detail;
      assert.match(
        detail(ack),
        new RegExp(`e-mail ${ack} \\(acknowledgement, sent\\) of case ${anna.reference} `),
      );
      assert.match(detail(reply.correspondenceId), new RegExp(`of case ${anna.reference} `));
      assert.match(detail(letterAck), new RegExp(`letter ${letterAck} .*of case ${letter.reference} `));
      assert.match(detail(invitation), /\(account_invitation, failed\) \(of no case\) .*audit entry \d+/);
      const cli = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(cli.code, 1, cli.stdout + cli.stderr);
      assert.match(cli.stdout, new RegExp(`outbound_altered: correspondence:${reply.correspondenceId}: `));
    });
  });

  describe(`archive verify: every writer of outbound items anchors it (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock(NOW),
        overrides: { departments: [{ name: 'Billing', email: 'billing@example.org' }] },
      });
    });
    after(() => h.close());

    it('anchors each item exactly once, by the event that records it or an audit entry, and verifies intact', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const a = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Anna Schmidt <anna@example.de>' }),
        mailbox,
        door: 'pipe',
      });
      const b = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Bruno Martin <bruno@example.fr>' }),
        mailbox,
        door: 'pipe',
      });
      // A step-2 request by e-mail under the by-post policy: the instruction to write by post is named by the event
      // that records the request (`instructionId`).
      const step1 = await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: 'Emil Weber <emil@example.de>',
          subject: 'Transmission de réclamation - Etape 1',
        }),
        mailbox,
        door: 'pipe',
      });
      await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: 'Emil Weber <emil@example.de>',
          subject: `Transmission de réclamation - Etape 2 ${step1.reference}`,
        }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'management')!,
        door: 'pipe',
      });
      await requestInformation(h.ctx, a.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'user:agent',
      });
      const { firstDays, lastDays } = await extensionWindowOptions(h.ctx, a.caseId!);
      await extendCase(h.ctx, a.caseId!, {
        reason: 'Nous attendons la réponse du registre.',
        windowStart: firstDays[0]!,
        windowEnd: lastDays.at(-1)!,
        actor: 'user:agent',
      });
      await answerCase(h.ctx, b.caseId!, {
        outcome: 'upheld',
        text: 'Nous avons rétabli votre domaine.',
        remedy: null,
        actor: 'user:agent',
      });
      const letter = await registerLetter(
        h.ctx,
        {
          arrived: '2026-12-04',
          title: 'Réclamation',
          complainant: {
            name: 'Jean Martin',
            postalAddress: ['Jean Martin', '12 rue de la Paix', '75002 Paris'],
          },
          language: 'fr',
          ticketRefs: [],
          domains: [],
          description: 'Mon site est hors ligne.',
          expectations: null,
        },
        null,
        'user:clerk',
      );
      // A reply to a complainant with no e-mail address: a letter, named by the reply before it is written.
      await sendReply(h.ctx, letter.caseId!, { kind: 'reply', text: 'Nous regardons.', actor: 'user:agent' });
      // A suggestion by e-mail is thanked, the thanks filed on it afterwards.
      const s = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Ann Lee <ann@example.co.uk>', subject: 'An idea about invoices' }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'suggestions')!,
        door: 'pipe',
      });
      await inviteUser(
        h.ctx,
        {
          email: 'billing.one@example.org',
          name: 'Billing One',
          role: 'department_member',
          departments: ['Billing'],
          language: 'en',
        },
        ACTING,
      );
      await forwardSuggestion(h.ctx, s.caseId!, { department: 'Billing', note: null, actor: 'user:agent' });

      await sendTestTemplate(h.ctx, {
        kind: 'acknowledgement',
        language: 'fr',
        caseId: a.caseId!,
        viewer: { role: 'administrator', userId: 'admin', departments: [] },
        to: 'admin@example.org',
        actor: 'user:admin',
      });

      const { db } = h.test.database;
      const purposes = await db
        .selectFrom('outbound_items')
        .select(['correspondence_id', 'purpose'])
        .execute();
      const purposeOf = new Map(purposes.map((p) => [p.correspondence_id, p.purpose]));
      const anchors = await anchorsOf(db);
      const where = [...anchors].map(([id, found]) => `${purposeOf.get(id)}: ${found.join(', ')}`).sort();
      assert.deepEqual(where, [
        'account_invitation: audit',
        'acknowledgement: event acknowledged',
        'acknowledgement: event acknowledged',
        'acknowledgement: event acknowledged',
        'acknowledgement: event letter_prepared',
        'answer: audit',
        'department_forward: event suggestion_forwarded',
        'extension_notice: audit',
        'information_request: audit',
        'reply: event letter_prepared',
        'step2_by_post: event step2_requested_by_email',
        'suggestion_thanks: event correspondence_filed',
        'test: audit',
      ]);
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(report.problems, []);
      assert.equal(report.outboundUnanchored, 0);
    });
  });

  describe(`archive verify: correspondence rows no chain accounts for (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('names an inbound or outbound row added by hand, and counts the rows of an upgraded database apart', async () => {
      const { db } = h.test.database;
      const anna = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Anna Schmidt <anna@example.de>' }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      await inviteUser(
        h.ctx,
        { email: 'new.agent@example.org', name: 'New Agent', role: 'agent', departments: [], language: 'fr' },
        ACTING,
      );
      const ack = (
        await db
          .selectFrom('correspondence')
          .select('id')
          .where('direction', '=', 'out')
          .where('case_id', '=', anna.caseId!)
          .executeTakeFirstOrThrow()
      ).id;
      const invitation = (
        await db
          .selectFrom('correspondence')
          .select('id')
          .where('direction', '=', 'out')
          .where('case_id', 'is', null)
          .executeTakeFirstOrThrow()
      ).id;

      // What a release before the anchor left: items sealed in their row only, listed by the upgrade. Here the
      // invitation's audit anchor is what it would not have had: the item is copied as such a row.
      await copyByHand(db, invitation, 'old-invitation', 'Rien à signaler.');
      await beforeAnchor.down(db as never);
      await beforeAnchor.up(db as never);
      await anchorListRecord.up(db as never);
      await recordAnchorList(h.test.database);
      const upgraded = await verifyArchive(h.ctx);
      assert.deepEqual(upgraded.problems, []);
      assert.equal(upgraded.outboundUnanchored, 1);
      const cli = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(cli.code, 0, cli.stdout + cli.stderr);
      assert.match(
        cli.stdout,
        /archive intact: .* verified; written before their seal was anchored in a chain, so checked against the seal the upgrade listed for them: 1 outbound items/,
      );

      // The invitation deleted: no event names it, the audit entry that anchors its seal does.
      await db.deleteFrom('outbound_items').where('correspondence_id', '=', invitation).execute();
      await db.deleteFrom('correspondence').where('id', '=', invitation).execute();
      await copyByHand(db, anna.correspondenceId, 'forged-inbound', 'Rien à signaler.');
      await copyByHand(db, ack, 'forged-outbound', 'Rien à signaler.');
      await copyByHand(db, 'old-invitation', 'forged-staff-mail', 'Rien à signaler.');
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        [
          ...['forged-inbound', 'forged-outbound', 'forged-staff-mail'].map(
            (id) => `correspondence_unaccounted correspondence:${id}`,
          ),
          `correspondence_missing correspondence:${invitation}`,
        ].sort(),
      );
      assert.match(
        report.problems.find((p) => p.stream === `correspondence:${invitation}`)!.detail,
        /outbound e-mail .* \(account_invitation\) \(of no case\) whose seal audit entry \d+ recorded is missing/,
      );
      const detail = (id: string) => report.problems.find((p) => p.stream === `correspondence:${id}`)!.detail;
      assert.match(
        detail('forged-inbound'),
        new RegExp(`inbound e-mail forged-inbound of case ${anna.reference} `),
      );
      assert.match(
        detail('forged-outbound'),
        new RegExp(`outbound e-mail forged-outbound of case ${anna.reference} `),
      );
      assert.match(detail('forged-staff-mail'), /outbound e-mail forged-staff-mail \(of no case\)/);
    });
  });
}
