// The mail corpus (test/fixtures/mail) through the mail door on a fresh database, in order, then the promises
// checked on what was stored, on SQLite and PostgreSQL: every complaint a person wrote is on a case (never left
// unanswered in the inbox), and is acknowledged unless the door recorded why not; every outbound e-mail has one
// recipient and threads on a message on file; the history names only instructions that exist.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { startHarness } from './support/harness.ts';

const dir = join(import.meta.dirname, '..', 'fixtures', 'mail');
const files = readdirSync(dir)
  .filter((f) => /^\d{3}-.*\.eml$/.test(f))
  .sort();

for (const engine of ENGINES)
  describe(`the mail corpus through the door (${engine})`, () => {
    it('keeps the promises of the procedure for every message', async () => {
      const clock = fixedClock('2026-11-23T08:00:00.000Z');
      const h = await startHarness(engine, { clock });
      try {
        const db = h.test.database.db;
        const results = [];
        for (const file of files) {
          const { mailbox } = JSON.parse(
            readFileSync(join(dir, file.replace(/\.eml$/, '.json')), 'utf8'),
          ) as {
            mailbox: string;
          };
          const box = h.config.mailboxes.find((m) => m.name === mailbox)!;
          clock.advance(60_000);
          const r = await receiveEmail(h.ctx, {
            raw: readFileSync(join(dir, file)),
            mailbox: box,
            door: 'pipe',
          });
          results.push({ file, r });
        }
        assert.ok(results.length >= 80);

        for (const { file, r } of results) {
          const row = await db
            .selectFrom('correspondence')
            .select(['reading'])
            .where('id', '=', r.correspondenceId)
            .executeTakeFirstOrThrow();
          const reading = row.reading
            ? (JSON.parse(row.reading) as { kind?: string; automated?: boolean })
            : {};
          if (reading.kind !== 'complaint' || reading.automated || r.duplicate) continue;
          if (r.inboxItemId) {
            const item = await db
              .selectFrom('inbox_items')
              .select('reason')
              .where('id', '=', r.inboxItemId)
              .executeTakeFirstOrThrow();
            assert.equal(
              item.reason,
              'stranger_reference',
              `${file}: a complaint waits in the inbox (${item.reason})`,
            );
            continue;
          }
          assert.ok(r.caseId, `${file}: a complaint on a case`);
          if (r.filing !== 'case_opened' && r.filing !== 'step2_case_opened') continue;
          const c = await db
            .selectFrom('cases')
            .select(['acknowledged_at', 'flagged', 'owner_id', 'reference'])
            .where('id', '=', r.caseId)
            .executeTakeFirstOrThrow();
          const ack = await db
            .selectFrom('outbound_items')
            .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
            .select('outbound_items.purpose')
            .where('correspondence.case_id', '=', r.caseId)
            .where('outbound_items.purpose', '=', 'acknowledgement')
            .execute();
          if (r.autoReply === 'allowed') assert.equal(ack.length, 1, `${file}: one acknowledgement`);
          else
            assert.ok(
              ack.length === 0 && (c.flagged || c.owner_id || r.autoReply === 'automated'),
              `${file}: not answered automatically (${r.autoReply}), and a person is told`,
            );
        }

        const outbound = await db
          .selectFrom('correspondence')
          .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
          .select(['correspondence.case_id', 'correspondence.to_address', 'correspondence.in_reply_to'])
          .where('correspondence.direction', '=', 'out')
          .where('correspondence.channel', '=', 'email')
          .execute();
        assert.ok(outbound.length > 0);
        for (const o of outbound) {
          assert.ok(o.to_address && !/[,;\s]/.test(o.to_address), `one recipient: ${o.to_address}`);
          if (!o.case_id || !o.in_reply_to) continue;
          const answered = await db
            .selectFrom('correspondence')
            .select('case_id')
            .where('message_id', '=', o.in_reply_to)
            .where('direction', '=', 'in')
            .executeTakeFirst();
          assert.ok(answered, `the reply on ${o.case_id} threads on a message on file`);
        }

        const requests = await db
          .selectFrom('events')
          .select('payload')
          .where('type', '=', 'step2_requested_by_email')
          .execute();
        for (const e of requests) {
          const p = JSON.parse(e.payload) as {
            instructionId?: string | null;
            notToldBecause?: string | null;
          };
          if (p.instructionId)
            assert.ok(
              await db
                .selectFrom('correspondence')
                .select('id')
                .where('id', '=', p.instructionId)
                .executeTakeFirst(),
              'the instruction the history names exists',
            );
          else assert.ok(p.notToldBecause, 'the history says why nobody was told');
        }
      } finally {
        await h.close();
      }
    });
  });
