// `redress archive verify` beyond the event chains (P6.2), on SQLite and PostgreSQL: one byte of a stored original,
// one event, one audit entry and one outbound item changed in the database, an original removed from the store, a
// last audit entry deleted and one added by hand outside the chain, are each named; an untouched archive verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withAuditChain } from '../../src/adapters/db/audit-chain.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { openCase } from '../../src/app/open-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { reclassifyCase } from '../../src/app/reclassify-case.ts';
import { inAccountsTransaction, recordAudit, repoOf } from '../../src/app/record-audit.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';

const acting = { actor: 'user:admin', label: 'admin@example.org', address: '192.0.2.7' };

for (const engine of ENGINES) {
  describe(`archive verify: originals, outbound items and the audit chain (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
    });
    after(() => h.close());

    const verifyCli = () =>
      runRedress(['archive', 'verify'], Buffer.alloc(0), { REDRESS_DATABASE_URL: h.test.url });

    it('names an altered original, event, audit entry and outbound item, a removed original, a deleted last audit entry and an added one', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const first = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Anna Schmidt <anna@example.de>' }),
        mailbox,
        door: 'pipe',
      });
      const second = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Bruno Martin <bruno@example.fr>' }),
        mailbox,
        door: 'pipe',
      });
      await recordAudit(
        h.ctx,
        repoOf(h.ctx),
        acting,
        'config_changed',
        { type: 'config', id: null, label: null },
        {
          keys: ['timezone'],
        },
      );
      await inAccountsTransaction(h.ctx, (repo) =>
        recordAudit(h.ctx, repo, acting, 'user_added', {
          type: 'user',
          id: 'u1',
          label: 'Eva <eva@example.org>',
        }),
      );
      await recordAudit(h.ctx, repoOf(h.ctx), acting, 'sign_out');

      const clean = await verifyArchive(h.ctx);
      assert.deepEqual(clean.problems, []);
      assert.equal(clean.auditEntries, 3);
      assert.ok(clean.originals >= 2, `originals: ${clean.originals}`);
      assert.ok(clean.outbound >= 2, `outbound items: ${clean.outbound}`);
      assert.equal(clean.outboundUnsealed, 0);
      const ok = await verifyCli();
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /archive intact: .* 3 audit entries verified/);

      const { db } = h.test.database;
      // One byte of the first case's raw e-mail.
      const corr = await db
        .selectFrom('correspondence')
        .select('original_sha256')
        .where('id', '=', first.correspondenceId!)
        .executeTakeFirstOrThrow();
      const sha = corr.original_sha256!;
      const original = await db
        .selectFrom('originals')
        .select('content')
        .where('sha256', '=', sha)
        .executeTakeFirstOrThrow();
      const changed = Buffer.from(original.content);
      changed[changed.length - 3] = changed[changed.length - 3]! ^ 0x01;
      await db.updateTable('originals').set({ content: changed }).where('sha256', '=', sha).execute();
      // One event of the second case: the subject in its payload.
      const event = await db
        .selectFrom('events')
        .select(['payload'])
        .where('stream', '=', `case:${second.caseId}`)
        .where('seq', '=', 1)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('events')
        .set({ payload: event.payload.replace('Etape 1', 'Etape 2') })
        .where('stream', '=', `case:${second.caseId}`)
        .where('seq', '=', 1)
        .execute();
      // One audit entry: the client address of the second.
      await db
        .updateTable('audit_log')
        .set({ address: '192.0.2.8' })
        .where('action', '=', 'user_added')
        .execute();
      // One outbound item: the text of the second case's acknowledgement.
      const ack = await db
        .selectFrom('correspondence')
        .select(['id', 'text_body'])
        .where('case_id', '=', second.caseId!)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('correspondence')
        .set({ text_body: `${ack.text_body} ` })
        .where('id', '=', ack.id)
        .execute();
      // And the last audit entry removed (only the head knows it was there).
      await db.deleteFrom('audit_log').where('action', '=', 'sign_out').execute();
      // The second case's raw e-mail removed from the store, its correspondence still naming it.
      const secondOriginal = await db
        .selectFrom('correspondence')
        .select('original_sha256')
        .where('id', '=', second.correspondenceId!)
        .executeTakeFirstOrThrow();
      await db.deleteFrom('originals').where('sha256', '=', secondOriginal.original_sha256!).execute();
      // And one audit entry added by hand, with no place in the chain.
      await db
        .insertInto('audit_log')
        .values({
          id: 'forged-entry',
          at: '2026-11-23T12:00:00.000Z',
          actor: 'system',
          actor_label: null,
          action: 'user_removed',
          target_type: null,
          target_id: null,
          target_label: null,
          address: null,
          detail: null,
        })
        .execute();

      const r = await verifyCli();
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const out = r.stdout;
      assert.match(out, new RegExp(`original_altered: original:${sha}: .*case ${first.reference}`));
      assert.match(
        out,
        new RegExp(
          `altered: case:${second.caseId} #1: the payload of event 1 \\(case_received\\) was changed`,
        ),
      );
      assert.match(out, /altered: audit #2: the names, address or particulars of audit entry 2 \(user_added/);
      assert.match(out, new RegExp(`outbound_altered: correspondence:${ack.id}: `));
      assert.match(out, /missing: audit #3: audit entry 3 is missing/);
      assert.match(out, /extra: audit: audit entry forged-entry \(user_removed at .*\) is outside the chain/);
      assert.match(
        out,
        new RegExp(
          `original_missing: original:${secondOriginal.original_sha256}: the original .* of correspondence ${second.correspondenceId} \\(case ${second.reference}\\) is missing from the store`,
        ),
      );
      // The payload changed alone: the case's stored state and row no longer follow from its events either.
      assert.match(out, new RegExp(`state_altered: case:${second.caseId}: .* in subject`));
      assert.match(
        out,
        new RegExp(`row_altered: case:${second.caseId}: the cases row of ${second.reference} .*: subject`),
      );
      assert.match(out, /archive NOT intact: 9 problem\(s\)/);
    });

    it('chains audit entries written at the same time, by concurrent transactions, without a fork', async () => {
      const { db } = h.test.database;
      // Start from an intact log of its own (the test above broke the one before).
      await withAuditChain(db).deleteFrom('audit_log').execute();
      await withAuditChain(db).updateTable('audit_head').set({ seq: 0, hash: null }).execute();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2
            ? recordAudit(h.ctx, repoOf(h.ctx), acting, 'sign_in')
            : inAccountsTransaction(h.ctx, (repo) => recordAudit(h.ctx, repo, acting, 'sign_out')),
        ),
      );
      const rows = await withAuditChain(db).selectFrom('audit_log').select('seq').orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => r.seq),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.filter((p) => p.stream === 'audit'),
        [],
      );
      assert.equal(report.auditEntries, 20);
    });
  });
}

// A redacted row is not compared with its own digest (retention replaced what it held): the reviewer's tampering
// marked rows redacted and changed them. Each is named: redacted without an anonymisation on record, or redacted
// rows of an anonymised case that no longer match the seal its anonymisation recorded. Anonymisation by the
// product (the retention run, with the complainant's record) verifies intact.
for (const engine of ENGINES) {
  describe(`archive verify: redactions (${engine})`, () => {
    const NOW = '2026-12-05T12:00:00.000Z';
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    async function answered(receivedAt: string, close: boolean) {
      const c = await openCase(at(receivedAt), complaintAt(receivedAt));
      const day = (n: number) => new Date(Date.parse(receivedAt) + n * 86_400_000).toISOString();
      await answerCase(at(day(3)), c.caseId, {
        outcome: 'partly_upheld',
        text: 'Nous avons rétabli le domaine en partie.',
        remedy: null,
        actor: 'user:a',
      });
      if (close) await actOnCase(at(day(4)), c.caseId, { type: 'close', reason: 'Réglé.' }, 'user:a');
      return c;
    }
    const kinds = (problems: { kind: string; stream: string; seq: number }[]) =>
      problems.map((p) => `${p.kind} ${p.stream}${p.seq ? ` #${p.seq}` : ''}`).sort();

    it('names rows marked redacted without an anonymisation, and redacted rows changed after theirs', async () => {
      const old = await answered('2014-03-03T09:00:00.000Z', true);
      const live = await answered('2026-11-02T09:00:00.000Z', false);
      await recordAudit(
        at(NOW),
        repoOf(h.ctx),
        acting,
        'config_changed',
        { type: 'config', id: null, label: null },
        { keys: ['timezone'] },
      );
      const run = await runRetention(at(NOW), { actor: 'cli' });
      assert.deepEqual(
        run.anonymised.map((a) => a.reference),
        [old.reference],
      );
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);

      const { db } = h.test.database;
      const chain = withAuditChain(db);
      // The live case: its answer's outcome forged in a payload marked redacted.
      await db
        .updateTable('events')
        .set((eb) => ({
          redacted: 1,
          payload: eb.fn('replace', ['payload', eb.val('partly_upheld'), eb.val('not_upheld')]),
        }))
        .where('stream', '=', `case:${live.caseId}`)
        .where('type', '=', 'answered')
        .execute();
      const answeredSeq = (
        await db
          .selectFrom('events')
          .select('seq')
          .where('stream', '=', `case:${live.caseId}`)
          .where('type', '=', 'answered')
          .executeTakeFirstOrThrow()
      ).seq;
      // Its answer's recipient changed, marked redacted.
      const out = await db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', live.caseId)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('correspondence')
        .set({ to_address: 'someone-else@example.net', redacted: 1 })
        .where('id', '=', out.id)
        .execute();
      // An audit entry's particulars changed, marked redacted.
      const entry = await chain
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'config_changed')
        .executeTakeFirstOrThrow();
      await chain
        .updateTable('audit_log')
        .set({ detail: JSON.stringify({ keys: ['smtp'] }), redacted: 1 })
        .where('seq', '=', entry.seq)
        .execute();
      // The anonymised case: a kept code swapped in its redacted answer (the text stays in its redacted form).
      await db
        .updateTable('events')
        .set((eb) => ({
          payload: eb.fn('replace', ['payload', eb.val('partly_upheld'), eb.val('not_upheld')]),
        }))
        .where('stream', '=', `case:${old.caseId}`)
        .where('type', '=', 'answered')
        .execute();
      // The anonymised complainant: text that redaction never writes put into a redacted event.
      const person = await db
        .selectFrom('events')
        .select(['seq', 'payload'])
        .where('stream', '=', `complainant:${old.complainantId}`)
        .where('redacted', '=', 1)
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('events')
        .set({ payload: JSON.stringify({ note: 'Paid in full' }) })
        .where('stream', '=', `complainant:${old.complainantId}`)
        .where('seq', '=', person.seq)
        .execute();

      const report = await verifyArchive(at(NOW));
      assert.deepEqual(
        kinds(report.problems),
        [
          `redacted_without_anonymisation audit #${entry.seq}`,
          `redacted_without_anonymisation case:${live.caseId} #${answeredSeq}`,
          `redaction_altered case:${live.caseId} #${answeredSeq}`,
          // The forged outcome is not what the stored state and row say (they were left as they were).
          `row_altered case:${live.caseId}`,
          `state_altered case:${live.caseId}`,
          `row_altered case:${old.caseId}`,
          `state_altered case:${old.caseId}`,
          `redacted_without_anonymisation correspondence:${out.id}`,
          `redaction_altered case:${old.caseId}`,
          `redaction_altered complainant:${old.complainantId}`,
          `redaction_altered complainant:${old.complainantId} #${person.seq}`,
        ].sort(),
      );
      const r = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /redacted without an anonymisation on record/);
      assert.match(r.stdout, /no longer matches the seal recorded in audit entry/);
    });
  });
}

// The derived state the product shows (the stored state of each stream, the case's row in `cases`) is replayed
// from the events and compared: a database of ordinary use (answers, merges, reclassification, a renewed promise)
// verifies intact; a row or a stored state changed alone is named, with the columns or fields that differ.
for (const engine of ENGINES) {
  describe(`archive verify: derived state (${engine})`, () => {
    const NOW = '2026-12-05T12:00:00.000Z';
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('names a case row and a stored state changed in the database, after ordinary use verifies intact', async () => {
      const staff = { actor: 'user:a' } as const;
      const promised = await openCase(
        at('2026-06-01T09:00:00.000Z'),
        complaintAt('2026-06-01T09:00:00.000Z'),
      );
      await actOnCase(at(NOW), promised.caseId, { type: 'renew_promise' }, 'user:a');
      const reclassified = await openCase(
        at('2026-11-02T09:00:00.000Z'),
        complaintAt('2026-11-02T09:00:00.000Z'),
      );
      await reclassifyCase(
        at('2026-11-03T09:00:00.000Z'),
        reclassified.caseId,
        { kind: 'suggestion', reason: null, note: null },
        staff.actor,
      );
      const person = { name: 'Claire Dubois', email: 'claire@example.fr' };
      const target = await openCase(
        at('2026-11-10T09:00:00.000Z'),
        complaintAt('2026-11-10T09:00:00.000Z', { complainant: person }),
      );
      const duplicate = await openCase(
        at('2026-11-11T09:00:00.000Z'),
        complaintAt('2026-11-11T09:00:00.000Z', { complainant: person }),
      );
      await mergeCases(at('2026-11-12T09:00:00.000Z'), target.caseId, duplicate.caseId, staff.actor);
      await answerCase(at('2026-11-20T09:00:00.000Z'), target.caseId, {
        outcome: 'partly_upheld',
        text: 'Nous avons rétabli le domaine en partie.',
        remedy: null,
        actor: 'user:a',
      });
      const { db } = h.test.database;
      const events = await db
        .selectFrom('events')
        .select('type')
        .where('stream', 'in', [`case:${promised.caseId}`, `case:${duplicate.caseId}`])
        .execute();
      assert.ok(
        events.some((e) => e.type === 'promise_renewed'),
        'the promise was renewed',
      );
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);

      await db
        .updateTable('cases')
        .set({ status: 'closed', outcome: 'not_upheld', answer_by: '2027-06-30T21:59:59.999Z' })
        .where('id', '=', promised.caseId)
        .execute();
      const stored = await db
        .selectFrom('streams')
        .select('state')
        .where('stream', '=', `case:${target.caseId}`)
        .executeTakeFirstOrThrow();
      const state = JSON.parse(stored.state) as { deadline: { answerBy: string }; outcome: string };
      state.deadline.answerBy = '2027-06-30T21:59:59.999Z';
      state.outcome = 'upheld';
      await db
        .updateTable('streams')
        .set({ state: JSON.stringify(state) })
        .where('stream', '=', `case:${target.caseId}`)
        .execute();

      const problems = (await verifyArchive(at(NOW))).problems;
      assert.deepEqual(
        problems.map((p) => `${p.kind} ${p.stream}`),
        [`row_altered case:${promised.caseId}`, `state_altered case:${target.caseId}`].sort(),
      );
      const row = problems.find((p) => p.kind === 'row_altered')!.detail;
      for (const column of ['status', 'outcome', 'answer_by'])
        assert.match(row, new RegExp(`\\b${column} \\(stored`));
      assert.match(row, /outcome \(stored not_upheld, events null\)/);
      assert.match(
        problems.find((p) => p.kind === 'state_altered')!.detail,
        /in deadline\.answerBy, outcome$/,
      );
    });
  });
}
