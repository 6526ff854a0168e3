// A person's messages that staff filed on someone else's case stay with that case when the person's data is erased
// (they are part of that complaint's record). The erasure says so: the result counts them, and the answer to the
// person tells how many and why, in their language, without naming the other person or their case. Bert has a
// case of his own and wrote about Ada's; Carla has no record and wrote only about Ada's. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { erasureAnswer } from '../../src/adapters/http/subject-answer.ts';
import { eraseComplainant, previewErasure } from '../../src/app/erase-complainant.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { ADMIN, subjectHistory } from '../support/subject-history.ts';

const NOW = '2026-11-20T12:00:00.000Z';
const ADA = 'ada.anders@anders-web.de';
const BERT = 'bert.berg@berg-mail.de';
const CARLA = 'carla.clausen@clausen.example';

for (const engine of ENGINES) {
  describe(`an erasure tells of the messages kept on other people's cases (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());
    const { at, mail, fileOn: fileAt } = subjectHistory(() => h);
    const fileOn = (m: { inboxItemId?: string | null; caseId?: string | null }, reference: string) =>
      fileAt(m, reference, '2026-11-06T10:00:00.000Z');

    it('counts them and tells the person, naming no one', async () => {
      const ada = await mail(
        '2026-11-02T09:00:00.000Z',
        `Ada Anders <${ADA}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Ada Anders\n\nMa facture Anders-4411 est fausse.\n\nJ’attends une facture corrigée.\n\nAda Anders',
      );
      const bert = await mail(
        '2026-11-03T09:00:00.000Z',
        `Bert Berg <${BERT}>`,
        'Transmission de réclamation - Etape 1',
        'Guten Tag,\n\nName: Bert Berg\n\nMein Paket Berg-7070 ist verloren.\n\nIch erwarte eine Erstattung.\n\nBert Berg',
      );
      assert.ok(ada.caseId && bert.caseId);
      for (const n of [1, 2])
        await fileOn(
          await mail(
            `2026-11-0${3 + n}T09:00:00.000Z`,
            `Bert Berg <${BERT}>`,
            `Re: ${ada.reference}`,
            `Ich bin der Nachbar, Bert Berg. Nachtrag ${n}.\n\nBert Berg`,
          ),
          ada.reference!,
        );
      await fileOn(
        await mail(
          '2026-11-05T11:00:00.000Z',
          `Carla Clausen <${CARLA}>`,
          `Re: ${ada.reference}`,
          'Ich bin die Vermieterin, Carla Clausen.\n\nCarla Clausen',
        ),
        ada.reference!,
      );

      // Ada has none of hers elsewhere.
      assert.equal((await previewErasure(at(NOW), ADA, ADMIN)).keptOnOthersCases, 0);
      // Bert: two on Ada's case; his own case is open, so kept too.
      const preview = await previewErasure(at(NOW), BERT, ADMIN);
      assert.equal(preview.keptOnOthersCases, 2);
      const erased = await eraseComplainant(at(NOW), BERT, { reason: 'His letter.', acting: ADMIN });
      assert.equal(erased.keptOnOthersCases, 2);
      const de = erasureAnswer(erased, 'de', 'Example Hosting GmbH');
      assert.match(
        de,
        /2 Nachrichten, die Sie uns geschrieben haben, wurden Beschwerden anderer Personen zugeordnet/,
      );
      for (const lang of ['en', 'fr'] as const) {
        const text = erasureAnswer(erased, lang, 'X');
        assert.ok(text.includes('2'), lang);
        for (const other of [ada.reference!, 'Ada', ADA, 'Anders'])
          assert.ok(!text.includes(other), `${lang}: ${other}`);
      }
      for (const other of [ada.reference!, 'Ada', ADA, 'Anders']) assert.ok(!de.includes(other), other);

      // Carla has no record: her one message on Ada's case is told of all the same.
      const carla = await previewErasure(at(NOW), CARLA, ADMIN);
      assert.equal(carla.complainantId, null);
      assert.equal(carla.keptOnOthersCases, 1);
      assert.match(
        erasureAnswer(carla, 'en', 'X'),
        /One message you sent us was filed with another person’s complaint, because it concerned that complaint/,
      );
    });
  });
}
