// Merging duplicates (cases, complainant records) keeps both histories; a complainant's data exports whole (P6.3).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { exportSubject, listComplainant } from '../../src/app/export-complainant.ts';
import { getCase } from '../../src/app/get-case.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { type OpenCaseInput, openCase } from '../../src/app/open-case.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const input = (email: string, over: Partial<OpenCaseInput> = {}): OpenCaseInput => ({
  kind: 'complaint',
  step: 1,
  channel: 'email',
  receivedAt: '2026-11-20T09:00:00.000Z',
  language: 'en',
  subject: 'Complaint escalation - Step 1',
  complainant: { name: 'Ann Smith', email },
  fields: { ticketRefs: ['555123'], domains: [], description: 'Mailbox lost', expectations: 'Restore it' },
  missing: [],
  correspondenceId: null,
  actor: 'test',
  ...over,
});

for (const engine of ENGINES) {
  describe(`merges and export on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database, {
        clock: fixedClock('2026-11-23T09:00:00.000Z'),
      });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('merges a duplicate case: the duplicate closes, both histories stay, search finds the kept case', async () => {
      const kept = await openCase(ctx, input('ann@example.co.uk'));
      const dup = await openCase(
        ctx,
        input('ann@example.co.uk', {
          fields: { ticketRefs: ['777888'], domains: [], description: 'Same again', expectations: null },
        }),
      );
      await mergeCases(ctx, kept.caseId, dup.caseId, 'user:agent');
      const d = await getCase(ctx, dup.caseId);
      assert.equal(d.state.status, 'closed');
      assert.equal(d.state.mergedInto, kept.caseId);
      assert.deepEqual(
        d.events.map((e) => e.type),
        ['case_received', 'merged_into'],
      );
      const k = await getCase(ctx, kept.caseId);
      assert.deepEqual(k.state.mergedFrom, [dup.caseId]);
      assert.deepEqual(
        (await readStream(tdb.database.db, `case:${kept.caseId}`)).map((e) => e.type),
        ['case_received', 'case_merged'],
      );
      await assert.rejects(
        mergeCases(ctx, kept.caseId, dup.caseId, 'user:agent'),
        (e: unknown) => e instanceof DomainError,
      );
      await assert.rejects(
        mergeCases(ctx, kept.caseId, kept.caseId, 'user:agent'),
        (e: unknown) => e instanceof DomainError && e.code === 'invalid_command',
      );
      assert.deepEqual((await verifyArchive(ctx)).problems, []);
    });

    it('merges two records of one person: cases move with an event, restrictions carry over, e-mail finds the kept record', async () => {
      const a = await openCase(ctx, input('ann.smith@work.example'));
      const b = await openCase(ctx, input('ann@home.example'));
      await actOnComplainant(
        ctx,
        b.complainantId,
        {
          type: 'restrict',
          restrictionId: 'r9',
          kind: 'written_only',
          reason: 'Abusive calls',
          reviewBy: '2027-03-01',
          designatedContactId: null,
        },
        'user:lead',
      );
      await mergeComplainants(ctx, a.complainantId, b.complainantId, 'user:lead');
      const moved = await getCase(ctx, b.caseId);
      assert.equal(moved.state.complainantId, a.complainantId);
      assert.equal(moved.events.at(-1)?.type, 'complainant_changed');
      assert.equal(moved.complainant?.restrictions[0]?.kind, 'written_only');
      const next = await openCase(ctx, input('ann@home.example'));
      assert.equal(
        next.complainantId,
        a.complainantId,
        'mail from the merged address goes to the kept record',
      );
      const exported = await listComplainant(ctx, a.complainantId);
      assert.deepEqual(new Set(exported.cases.map((c) => c.id)), new Set([a.caseId, b.caseId, next.caseId]));
      assert.deepEqual(
        exported.history.map((e) => e.type),
        ['complainant_registered', 'complainant_merged'],
      );
      assert.ok((await searchCases(ctx, 'ann.smith@work.example')).some((c) => c.id === a.caseId));
    });

    it('exports everything held on a complainant: texts in complainant.json, originals as files', async () => {
      const c = await openCase(ctx, input('export@example.org'));
      await ctx.database.transaction(async (trx) => {
        await trx
          .insertInto('originals')
          .values({
            sha256: 'f'.repeat(64),
            content: Buffer.from('From: x\r\n\r\nbody'),
            content_type: 'message/rfc822',
            size: 17,
            created_at: '2026-11-20T09:00:00.000Z',
          })
          .execute();
        await trx
          .insertInto('correspondence')
          .values({
            id: `m-${engine}`,
            case_id: c.caseId,
            inbox_item_id: null,
            direction: 'in',
            channel: 'email',
            mailbox: 'complaints',
            message_id: `<m-${engine}@x>`,
            in_reply_to: null,
            body_sha256: 'b',
            original_sha256: 'f'.repeat(64),
            subject: 'Hello',
            from_address: 'export@example.org',
            from_name: null,
            to_address: 'complaint@example.org',
            at: '2026-11-20T09:00:00.000Z',
            language: 'en',
            reading: null,
            text_body: 'body',
            status: 'received',
            status_detail: null,
            attempts: 0,
            next_attempt_at: null,
            created_at: '2026-11-20T09:00:00.000Z',
          })
          .execute();
      });
      await actOnCase(
        ctx,
        c.caseId,
        {
          type: 'file_correspondence',
          correspondenceId: `m-${engine}`,
          direction: 'in',
          channel: 'email',
          fromComplainant: true,
        },
        'test',
      );
      // The ZIP as a download would take it: complainant.json with the text, and the original as its own file.
      const pieces: Uint8Array[] = [];
      await exportSubject(
        ctx,
        c.complainantId,
        { actor: 'user:agent', label: 'agent@example.org', address: null },
        { deliver: (_name, write) => write({ write: async (bytes) => void pieces.push(bytes) }) },
      );
      const files = unzipSync(Buffer.concat(pieces));
      const text = new TextDecoder().decode(files['complainant.json']);
      const json = JSON.parse(text) as {
        complainant: { details: { email: string } };
        correspondence: { id: string; text: string; file: string | null; original: { sha256: string } }[];
      };
      assert.equal(
        text,
        `${JSON.stringify(json, null, 2)}\n`,
        'written as JSON.stringify would write it whole',
      );
      assert.equal(json.complainant.details.email, 'export@example.org');
      const mail = json.correspondence.find((m) => m.id === `m-${engine}`)!;
      assert.equal(mail.text, 'body');
      assert.equal(mail.original.sha256, 'f'.repeat(64));
      assert.equal(Buffer.from(files[mail.file!]!).toString(), 'From: x\r\n\r\nbody');
      assert.equal('base64' in mail.original, false, 'originals are files of the ZIP, not JSON');
    });
  });
}
