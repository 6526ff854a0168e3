// Heads kept outside the database (P6.2), on SQLite and PostgreSQL. A hash chain cannot show its own last events
// deleted together with the head that counts them, nor a history written again from some event on with every hash
// after it made again: whoever can write to the database can do both, and every chain still agrees with itself.
// `redress archive verify --keep-heads FILE` keeps every chain's head in a file; `--heads FILE` later names each
// case (by its reference) whose kept event is gone or is another, and the audit log cut short the same way.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withAuditChain } from '../../src/adapters/db/audit-chain.repo.ts';
import { readLinks } from '../../src/adapters/db/event-store.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { recordAudit, repoOf } from '../../src/app/record-audit.ts';
import { replayState } from '../../src/app/verify-derived.ts';
import { linkHash, payloadDigest } from '../../src/core/archive/hash-chain.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';

type Db = Harness['test']['database']['db'];

/**
 * What a forger who knows the chain's rule writes: every event from `from` on hashed again, the head moved, the stored
 * state made again from the events, and the case row's columns given in `row`.
 */
async function chainAgain(db: Db, stream: string, from: number, row: Record<string, unknown>): Promise<void> {
  const events = await db
    .selectFrom('events')
    .selectAll()
    .where('stream', '=', stream)
    .orderBy('seq')
    .execute();
  let prev: string | null = null;
  for (const e of events) {
    if (e.seq >= from) {
      const digest = payloadDigest(JSON.parse(e.payload));
      const hash = linkHash({ ...e, payloadDigest: digest, prev });
      await db
        .updateTable('events')
        .set({ payload_digest: digest, prev, hash })
        .where('id', '=', e.id)
        .execute();
      prev = hash;
    } else prev = e.hash;
  }
  await db
    .updateTable('streams')
    .set({
      version: events[events.length - 1]!.seq,
      head_hash: prev,
      state: JSON.stringify(replayState(stream, await readLinks(db, stream))),
    })
    .where('stream', '=', stream)
    .execute();
  await db.updateTable('cases').set(row).where('id', '=', stream.slice('case:'.length)).execute();
}

for (const engine of ENGINES) {
  describe(`archive verify against kept heads (${engine})`, () => {
    let h: Harness;
    let dir: string;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
      dir = mkdtempSync(join(tmpdir(), 'redress-heads-'));
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** A complaint by e-mail, acknowledged, answered with an attachment, escalated, answered at step 2 and closed. */
    async function history(n: number) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: `Person ${n} <person${n}@example.de>` }),
        mailbox,
        door: 'pipe',
      });
      await answerCase(h.ctx, r.caseId!, {
        outcome: 'not_upheld',
        text: `Nous avons examiné votre demande ${n}.`,
        remedy: null,
        attachments: [
          {
            filename: 'releve.pdf',
            contentType: 'application/pdf',
            content: new TextEncoder().encode(`%PDF-1.4\n% ${n}\n%%EOF\n`),
          },
        ],
        actor: 'user:a',
      });
      const step2 = await escalateCase(h.ctx, r.caseId!, 'user:a');
      await answerCase(h.ctx, step2.caseId, {
        outcome: 'upheld',
        text: `La direction vous donne raison ${n}.`,
        remedy: null,
        actor: 'user:m',
      });
      await actOnCase(h.ctx, step2.caseId, { type: 'close', reason: 'Réglé.' }, 'user:m');
      return { step1: { id: r.caseId!, reference: r.reference! }, step2 };
    }

    it('names a case whose last events were cut off with its head, one whose history was written again, and the audit log cut short', async () => {
      const env = { REDRESS_DATABASE_URL: h.test.url };
      const verify = (...args: string[]) => runRedress(['archive', 'verify', ...args], Buffer.alloc(0), env);
      const first = await history(1);
      const second = await history(2);
      await recordAudit(
        h.ctx,
        repoOf(h.ctx),
        { actor: 'user:admin', label: null, address: null },
        'sign_out',
      );

      const kept = join(dir, `${engine}-heads.txt`);
      const keeping = await verify('--keep-heads', kept);
      assert.equal(keeping.code, 0, keeping.stdout + keeping.stderr);
      assert.match(keeping.stdout, /heads kept in .* \(SHA-256 [0-9a-f]{64}\)/);
      assert.equal(statSync(kept).mode & 0o777, 0o600, 'the heads name cases: owner-only');
      const refused = await verify('--keep-heads', kept);
      assert.equal(refused.code, 2, 'an existing file is never overwritten');
      const untouched = await verify('--heads', kept);
      assert.equal(untouched.code, 0, untouched.stdout + untouched.stderr);
      assert.match(untouched.stdout, /checked against the heads kept in .* \(SHA-256 [0-9a-f]{64}/);

      // Staff go on working: a later event and audit entry are no finding.
      await actOnCase(h.ctx, first.step1.id, { type: 'close', reason: 'Réglé.' }, 'user:a');
      await recordAudit(
        h.ctx,
        repoOf(h.ctx),
        { actor: 'user:admin', label: null, address: null },
        'sign_out',
      );
      const later = await verify('--heads', kept);
      assert.equal(later.code, 0, later.stdout + later.stderr);

      const { db } = h.test.database;
      // The second step-2 case: its last event (closed) deleted, the head that counted it moved back.
      const tail = `case:${second.step2.caseId}`;
      const last = await db
        .selectFrom('events')
        .select(['id', 'seq'])
        .where('stream', '=', tail)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      await db.deleteFrom('events').where('id', '=', last.id).execute();
      await chainAgain(db, tail, last.seq, { status: 'answered', closed_at: null });
      // The first step-1 case: the text of its answer changed, and every hash from there on made again.
      const rewritten = `case:${first.step1.id}`;
      const answered = await db
        .selectFrom('events')
        .select(['id', 'seq', 'payload'])
        .where('stream', '=', rewritten)
        .where('type', '=', 'answered')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('events')
        .set({ payload: answered.payload.replace('not_upheld', 'upheld') })
        .where('id', '=', answered.id)
        .execute();
      await chainAgain(db, rewritten, answered.seq, { outcome: 'upheld' });
      // The audit log: its last two entries deleted, and its head moved back to the one before.
      const chain = withAuditChain(db);
      const head = await chain.selectFrom('audit_head').select(['seq']).executeTakeFirstOrThrow();
      const keep = await chain
        .selectFrom('audit_log')
        .select(['hash'])
        .where('seq', '=', head.seq - 2)
        .executeTakeFirstOrThrow();
      await chain
        .deleteFrom('audit_log')
        .where('seq', '>', head.seq - 2)
        .execute();
      await chain
        .updateTable('audit_head')
        .set({ seq: head.seq - 2, hash: keep.hash })
        .execute();

      // Every chain agrees with itself, and with the state and rows: the check without kept heads cannot see them.
      const alone = await verify();
      assert.equal(alone.code, 0, alone.stdout);

      const r = await verify('--heads', kept);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        new RegExp(
          `^truncated: ${tail} #${last.seq}: case ${second.step2.reference} \\(${tail}\\): the kept heads record ${last.seq} events ending in [0-9a-f]{64}, and event ${last.seq} is gone \\(its head counts ${last.seq - 1} now\\)`,
          'm',
        ),
      );
      assert.match(
        r.stdout,
        new RegExp(
          `^rewritten: ${rewritten} #\\d+: case ${first.step1.reference} \\(${rewritten}\\): event \\d+ is not the one the kept heads record`,
          'm',
        ),
      );
      assert.match(r.stdout, /^truncated: audit #\d+: the audit log: the kept heads record \d+ entries/m);
      // Untouched cases are not named.
      assert.doesNotMatch(
        r.stdout,
        new RegExp(`case ${second.step1.reference} |case ${first.step2.reference} `),
      );

      // A kept file changed by hand, or not a kept-heads file at all, is named: it would otherwise check nothing.
      const forged = join(dir, `${engine}-forged.txt`);
      writeFileSync(forged, `${readFileSync(kept, 'utf8')}case:x 3 not-a-hash\n`);
      assert.match(
        (await verify('--heads', forged)).stdout,
        /^kept_heads_unreadable: kept_heads #\d+: line \d+/m,
      );
      const empty = join(dir, `${engine}-empty.txt`);
      writeFileSync(empty, '');
      const none = await verify('--heads', empty);
      assert.equal(none.code, 1);
      assert.match(none.stdout, /^kept_heads_unreadable: kept_heads: the kept heads do not start with/m);
    });
  });
}
