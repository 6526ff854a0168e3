// A person may write from more than one address. Ada wrote from her private address about her first case before
// anyone knew it was hers (staff filed it there from the triage inbox); later staff merged her records: the private
// one into her office one, then the office one into her first. Her private address is on her record, two merges
// away (a merge names only the record it took in). Her export holds that message (text and original), not as
// withheld; a neighbour's message filed on her case is still withheld. Her erasure, once her cases may go, erases
// that record too. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { ADMIN, filesHolding, subjectHistory } from '../support/subject-history.ts';

const NOW = '2026-11-20T12:00:00.000Z';
const ADA = 'ada.zwei@zwei-web.de';
const ADA_OTHER = 'ada.privat@privat-post.de';
const ADA_OFFICE = 'ada.zwei@buero-zwei.de';
const BERT = 'bert.nachbar@nachbar-mail.de';

for (const engine of ENGINES) {
  describe(`a person's export holds her messages from her other address (${engine})`, () => {
    let h: Harness;
    const caseIds: string[] = [];
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());
    const { at, mail, fileOn, exported } = subjectHistory(() => h);
    const complainantOf = async (caseId: string) =>
      (
        await h.test.database.db
          .selectFrom('cases')
          .select('complainant_id')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).complainant_id;

    it('gives her the message from her second address and withholds the stranger’s', async () => {
      const first = await mail(
        '2026-11-02T09:00:00.000Z',
        `Ada Zwei <${ADA}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Ada Zwei\n\nMa facture Zwei-1111 est fausse.\n\nJ’attends une facture corrigée.\n\nAda Zwei',
      );
      assert.ok(first.caseId);
      // Her own second complaint, from her private address: a record of its own.
      const second = await mail(
        '2026-11-03T09:00:00.000Z',
        `Ada Zwei <${ADA_OTHER}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Ada Zwei\n\nMon domaine zwei-2222.de ne répond plus.\n\nJ’attends une réparation.\n\nAda Zwei',
      );
      assert.ok(second.caseId);
      // A third complaint from her office address; the private record was merged into that one first, and then the
      // office record into her first one: her private address is known through two merges.
      const third = await mail(
        '2026-11-03T09:30:00.000Z',
        `Ada Zwei <${ADA_OFFICE}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Ada Zwei\n\nMon contrat Zwei-5555 est mal facturé.\n\nJ’attends un avoir.\n\nAda Zwei',
      );
      assert.ok(third.caseId);
      // From her private address about her first case, before anyone knew the address was hers: it waits in the
      // inbox, and staff file it on that case.
      const fromOther = await mail(
        '2026-11-04T09:00:00.000Z',
        `Ada Zwei <${ADA_OTHER}>`,
        `Re: ${first.reference}`,
        'Une précision sur Zwei-3333 depuis mon adresse privée.\n\nAda Zwei',
      );
      // A neighbour about her case.
      const fromBert = await mail(
        '2026-11-04T10:00:00.000Z',
        `Bert Nachbar <${BERT}>`,
        `Re: ${first.reference}`,
        'Ich bin der Nachbar, Bert Nachbar, Nachbar-4444.\n\nBert Nachbar',
      );
      assert.ok(
        fromOther.inboxItemId && !fromOther.caseId,
        'hers from the private address waits in the inbox too',
      );
      for (const m of [fromOther, fromBert])
        if (!m.caseId) await fileOn(m, first.reference!, '2026-11-04T11:00:00.000Z');
      // Then staff see the three records are one person's, and merge them.
      await mergeComplainants(
        at('2026-11-04T12:00:00.000Z'),
        await complainantOf(third.caseId!),
        await complainantOf(second.caseId!),
        'user:agent',
      );
      await mergeComplainants(
        at('2026-11-04T12:05:00.000Z'),
        await complainantOf(first.caseId!),
        await complainantOf(third.caseId!),
        'user:agent',
      );
      const files = await exported(ADA, NOW);
      const data = JSON.parse(files['complainant.json']!);
      const row = (id: string) => data.correspondence.find((c: { id: string }) => c.id === id);
      assert.equal(row(fromOther.correspondenceId!)?.withheld, undefined, 'her second address is hers');
      assert.ok(filesHolding(files, 'Zwei-3333').length >= 2, 'its text and its original are in her export');
      assert.equal(row(fromBert.correspondenceId!)?.withheld, 'from_someone_else');
      for (const n of [BERT, 'Nachbar-4444', 'Bert Nachbar'])
        assert.deepEqual(filesHolding(files, n), [], `${n} is not in Ada's export`);
      caseIds.push(first.caseId!, second.caseId!, third.caseId!);
    });

    it('erases the record two merges away with hers', async () => {
      const db = h.test.database.db;
      for (const id of caseIds) {
        await answerCase(at('2026-11-10T09:00:00.000Z'), id, {
          outcome: 'upheld',
          text: 'C’est corrigé.',
          remedy: null,
          attachments: [],
          actor: 'user:agent',
        });
        await actOnCase(
          at('2026-11-25T09:00:00.000Z'),
          id,
          { type: 'close', reason: 'Réglé.' },
          'user:agent',
        );
      }
      // Years later, past the retention period: her request erases every case and every record of hers.
      const later = at('2034-02-01T09:00:00.000Z');
      const erased = await eraseComplainant(later, ADA, { reason: 'Her letter.', acting: ADMIN });
      assert.equal(erased.erased.length, 3);
      assert.ok(erased.complainantErased);
      const left = await db
        .selectFrom('complainants')
        .select(['id', 'email'])
        .where('email', 'in', [ADA, ADA_OTHER, ADA_OFFICE])
        .execute();
      assert.deepEqual(left, [], 'no record of hers keeps an address');
      assert.deepEqual((await verifyArchive(later)).problems, []);
    });
  });
}
