// A message that waited in the triage inbox before staff filed it on a case keeps a history of its own there
// (`inbox:<id>`): the note the mail door wrote names the sender's address ("comes from …: check who wrote"). When
// the case is anonymised (here by the person's erasure request), that history goes with it, as the message itself
// does: no address of the person is left, and `archive verify` still finds nothing. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { ADMIN, subjectHistory } from '../support/subject-history.ts';
import { whereFound } from '../support/where-found.ts';

const NOW = '2026-12-07T12:00:00.000Z';
const HOME = 'jorinde.saalfeld@saalfeld-privat.example';
const WORK = 'j.saalfeld@kanzlei-saalfeld.example';

for (const engine of ENGINES) {
  describe(`the inbox history of a message filed on an erased case (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());
    const { at, mail, fileOn } = subjectHistory(() => h);

    it('goes with the case', async () => {
      const c = await mail(
        '2017-03-06T09:00:00.000Z',
        `Jorinde Saalfeld <${HOME}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Jorinde Saalfeld\n\nMa facture Saal-3131 est fausse.\n\nJ’attends une facture corrigée.\n\nJorinde Saalfeld',
      );
      assert.ok(c.caseId);
      // From her office address, which her record does not hold: it waits in the inbox, its note naming the sender.
      const office = await mail(
        '2017-03-07T09:00:00.000Z',
        `J. Saalfeld <${WORK}>`,
        `Re: ${c.reference}`,
        'Nachtrag aus dem Büro zu Saal-3131.\n\nJ. Saalfeld',
      );
      await fileOn(office, c.reference!, '2017-03-07T10:00:00.000Z');
      assert.ok((await whereFound(h.test.database.db, engine, [WORK])).includes('events.payload'));
      await answerCase(at('2017-03-10T09:00:00.000Z'), c.caseId!, {
        outcome: 'upheld',
        text: 'Die Rechnung ist korrigiert.',
        remedy: null,
        attachments: [],
        actor: 'user:agent',
      });
      await actOnCase(
        at('2017-04-05T09:00:00.000Z'),
        c.caseId!,
        { type: 'close', reason: 'Erledigt.' },
        'user:agent',
      );

      const erased = await eraseComplainant(at(NOW), HOME, {
        reason: 'Her request by letter.',
        acting: ADMIN,
      });
      assert.deepEqual(
        erased.erased.map((e) => e.reference),
        [c.reference],
      );
      assert.deepEqual(
        await whereFound(h.test.database.db, engine, [HOME, WORK, 'Saalfeld', 'Jorinde', 'Saal-3131']),
        [],
      );
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
      // Asking again is refused: the record is erased (core/access/complainant-record.ts), and nothing changes.
      await assert.rejects(
        eraseComplainant(at(NOW), erased.complainantId!, { reason: 'Asked again.', acting: ADMIN }),
        (e: Error & { details?: { context?: string } }) => e.details?.context === 'record_erased',
      );
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
    });
  });
}
