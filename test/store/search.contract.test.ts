// Search on both engines: accent- and case-insensitive, prefix matching, exact keys (P7; issue 7).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { indexSearchDocs } from '../../src/adapters/db/search.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { type OpenCaseInput, openCase } from '../../src/app/open-case.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const input = (over: Partial<OpenCaseInput>): OpenCaseInput => ({
  kind: 'complaint',
  step: 1,
  channel: 'email',
  receivedAt: '2026-11-20T09:00:00.000Z',
  language: 'de',
  subject: 'Beschwerde',
  complainant: {},
  fields: { ticketRefs: [], domains: [], description: null, expectations: null },
  missing: [],
  correspondenceId: null,
  actor: 'test',
  ...over,
});

for (const engine of ENGINES) {
  describe(`search on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const refs: Record<string, string> = {};
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database, {
        clock: fixedClock('2026-11-20T10:00:00.000Z'),
      });
      refs.mueller = (
        await openCase(
          ctx,
          input({
            subject: 'Beschwerdeweiterleitung - Stufe 1',
            complainant: { name: 'Jürgen Müller', email: 'J.Mueller@Example.DE' },
            fields: {
              ticketRefs: ['4711815'],
              domains: ['müller-bau.de'],
              description: 'Der Server in der Hauptstraße ist ausgefallen.',
              expectations: 'Gutschrift',
            },
          }),
        )
      ).reference;
      refs.dupont = (
        await openCase(
          ctx,
          input({
            language: 'fr',
            subject: 'Transmission de réclamation - Étape 1',
            complainant: { name: 'Hélène Dupont', email: 'helene@exemple.fr' },
            fields: {
              ticketRefs: ['123456'],
              domains: ['boulangerie-dupont.fr'],
              description: 'Facturation erronée depuis février.',
              expectations: 'Un remboursement',
            },
          }),
        )
      ).reference;
      // A reply filed on the second case: its text is searchable too.
      const caseId = (
        await tdb.database.db
          .selectFrom('cases')
          .select('id')
          .where('reference', '=', refs.dupont!)
          .executeTakeFirstOrThrow()
      ).id;
      await inTransaction(ctx, async (agg) => {
        await agg.db
          .insertInto('correspondence')
          .values({
            id: 'corr-1',
            case_id: caseId,
            inbox_item_id: null,
            direction: 'in',
            channel: 'email',
            mailbox: 'complaints',
            message_id: '<x@example>',
            in_reply_to: null,
            body_sha256: 'abc',
            original_sha256: null,
            subject: 'Re: votre dossier',
            from_address: 'helene@exemple.fr',
            from_name: 'Hélène Dupont',
            to_address: 'complaint@example.org',
            at: '2026-11-21T09:00:00.000Z',
            language: 'fr',
            reading: null,
            text_body: 'Je joins la copie du prélèvement bancaire.',
            status: 'received',
            status_detail: null,
            attempts: 0,
            next_attempt_at: null,
            created_at: '2026-11-21T09:00:00.000Z',
          })
          .execute();
      });
      await actOnCase(
        ctx,
        caseId,
        {
          type: 'file_correspondence',
          correspondenceId: 'corr-1',
          direction: 'in',
          channel: 'email',
          fromComplainant: true,
        },
        'test',
      );
    });
    after(async () => {
      await tdb?.drop();
    });

    const find = async (q: string) => (await searchCases(ctx, q)).map((c) => c.reference);

    it('ignores accents and case, both ways', async () => {
      assert.deepEqual(await find('muller'), [refs.mueller]);
      assert.deepEqual(await find('MÜLLER'), [refs.mueller]);
      assert.deepEqual(await find('helene'), [refs.dupont]);
      assert.deepEqual(await find('etape'), [refs.dupont]);
      assert.deepEqual(await find('hauptstrasse'), [refs.mueller]);
    });

    it('matches every word as a prefix, all words required', async () => {
      assert.deepEqual(await find('mül'), [refs.mueller]);
      assert.deepEqual(await find('factur fev'), [refs.dupont]);
      assert.deepEqual(await find('factur muller'), []);
    });

    it('finds text of correspondence filed on a case', async () => {
      assert.deepEqual(await find('prelevement bancaire'), [refs.dupont]);
    });

    it('finds by reference, e-mail, ticket number and domain (Unicode or punycode)', async () => {
      assert.deepEqual(await find(refs.mueller!), [refs.mueller]);
      assert.deepEqual(await find(refs.mueller!.toLowerCase().replace(/-0+/, '-')), [refs.mueller]);
      assert.deepEqual(await find('j.mueller@example.de'), [refs.mueller]);
      assert.deepEqual(await find('#123456'), [refs.dupont]);
      assert.deepEqual(await find('XN--MLLER-BAU-Q9A.DE'), [refs.mueller]);
      assert.deepEqual(await find('boulangerie-dupont.fr'), [refs.dupont]);
    });

    it('finds older cases beyond the recent window, newest first', async () => {
      // With a window of one document, the first pass sees only the newest; the second finds the rest (on
      // SQLite, in the full-text index once the background indexer has added them).
      await indexSearchDocs(tdb.database);
      const found = await searchCases(ctx, 'e', { window: 1 });
      assert.ok(found.length >= 2, 'both cases contain a word starting with e');
      const narrow = await searchCases(ctx, 'muller', { window: 1 });
      assert.deepEqual(
        narrow.map((c) => c.reference),
        [refs.mueller],
      );
    });

    if (engine === 'sqlite')
      it('finds documents before the background indexer has them, and keeps the index right as they change', async () => {
        const docs = tdb.database.db;
        const integrity = () =>
          sql`insert into search_fts(search_fts) values ('integrity-check')`.execute(docs);
        const add = async (caseId: string, body: string) =>
          (
            await docs
              .insertInto('search_docs')
              .values({
                case_id: caseId,
                source: `test-${body}`,
                body,
                received_at: '2026-11-20T09:00:00.000Z',
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const muellerId = (await searchCases(ctx, refs.mueller!))[0]!.id;
        await indexSearchDocs(tdb.database);
        const zebra = await add(muellerId, 'zebrafisch aquarium');
        // Not indexed yet: a window of one document still finds it (it is read directly), also behind a newer one.
        await add(muellerId, 'newer document');
        assert.deepEqual(
          (await searchCases(ctx, 'zebrafisch', { window: 1 })).map((c) => c.reference),
          [refs.mueller],
        );
        // A document deleted or changed before it was indexed never reaches the index wrongly.
        const gone = await add(muellerId, 'ephemeral words');
        await docs.deleteFrom('search_docs').where('id', '=', gone).execute();
        assert.equal(await indexSearchDocs(tdb.database), 2);
        await integrity();
        // Indexed: found through the full-text index; a change of its text is followed by the index.
        await add(muellerId, 'newest document');
        assert.deepEqual(
          (await searchCases(ctx, 'zebrafisch', { window: 1 })).map((c) => c.reference),
          [refs.mueller],
        );
        await docs.updateTable('search_docs').set({ body: 'seepferdchen' }).where('id', '=', zebra).execute();
        await integrity();
        assert.deepEqual(await searchCases(ctx, 'zebrafisch', { window: 1 }), []);
        assert.deepEqual(
          (await searchCases(ctx, 'seepferdchen', { window: 1 })).map((c) => c.reference),
          [refs.mueller],
        );
        await docs.deleteFrom('search_docs').where('id', '=', zebra).execute();
        await integrity();
        assert.deepEqual(await searchCases(ctx, 'seepferdchen', { window: 1 }), []);
        assert.equal(await indexSearchDocs(tdb.database), 1, 'only the newest document was left to index');
      });

    it('answers an empty or punctuation-only query with nothing', async () => {
      assert.deepEqual(await find('   '), []);
      assert.deepEqual(await find('"*:&'), []);
    });
  });
}
