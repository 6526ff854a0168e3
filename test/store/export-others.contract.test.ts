// A person's export (P6.3) holds everything about them and nothing about anyone else, on SQLite and PostgreSQL.
// Ada has a case; Bert has his own, and also wrote about Ada's case (his message quoted her reference, waited in the
// triage inbox, and was filed on her case by staff). Ada's export does not hand her Bert's message, his address,
// his name or his phone (it says a message from someone else is withheld); Bert's export holds his message,
// original and text, though it is filed on a case not his, and nothing of Ada's case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { filesHolding, subjectHistory } from '../support/subject-history.ts';

const NOW = '2026-11-20T12:00:00.000Z';
const ADA = 'ada.quelle@quelle-web.de';
const BERT = 'bert.fremd@fremd-mail.de';

for (const engine of ENGINES) {
  describe(`a person's export holds nobody else's data (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());
    const { mail, fileOn, exported } = subjectHistory(() => h);

    let adaReference = '';
    it('withholds from Ada the message Bert wrote about her case, and gives it to Bert', async () => {
      const ada = await mail(
        '2026-11-02T09:00:00.000Z',
        `Ada Quelle <${ADA}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Ada Quelle\n\nMa facture Quelle-4411 est fausse depuis la migration.\n\nJ’attends une facture corrigée.\n\nAda Quelle',
      );
      assert.ok(ada.caseId);
      adaReference = ada.reference!;
      const bert = await mail(
        '2026-11-03T09:00:00.000Z',
        `Bert Fremd <${BERT}>`,
        'Transmission de réclamation - Etape 1',
        'Bonjour,\n\nNom : Bert Fremd\n\nMon colis Fremd-7070 est perdu depuis une semaine.\n\nJ’attends un remboursement.\n\nBert Fremd',
      );
      assert.ok(bert.caseId);
      // Bert writes about Ada's case: someone else quoting her reference waits in the inbox; staff file it on her case.
      const about = await mail(
        '2026-11-04T09:00:00.000Z',
        `Bert Fremd <${BERT}>`,
        `Re: ${ada.reference}`,
        'Je suis le voisin concerné, Bert Fremd, tél. 0176 9988776. Mon accès Fremd-8080 tombe aussi.\n\nBert Fremd',
      );
      await fileOn(about, ada.reference!, '2026-11-04T10:00:00.000Z');

      const adas = await exported(ADA, NOW);
      const data = JSON.parse(adas['complainant.json']!);
      assert.deepEqual(
        data.cases.map((c: { state: { reference: string } }) => c.state.reference),
        [ada.reference],
      );
      assert.ok(filesHolding(adas, 'Quelle-4411').length > 0, 'her own message is there');
      for (const n of [BERT, 'Fremd', '9988776', 'Fremd-8080'])
        assert.deepEqual(filesHolding(adas, n), [], `${n} is not in Ada's export`);
      const withheld = data.correspondence.filter((c: { withheld?: string }) => c.withheld);
      assert.equal(withheld.length, 1, 'the other person’s message is listed as withheld');
      assert.equal(withheld[0].id, about.correspondenceId);

      const berts = await exported(BERT, NOW);
      assert.ok(
        filesHolding(berts, 'Fremd-8080').length >= 2,
        'his message about her case: its text and its original',
      );
      assert.ok(filesHolding(berts, 'Fremd-7070').length > 0, 'his own case');
      for (const n of [ADA, 'Quelle-4411', 'Ada Quelle'])
        assert.deepEqual(filesHolding(berts, n), [], `${n} is not in Bert's export`);
    });

    it('serves someone with no record whose only message was filed on another person’s case', async () => {
      const carla = 'carla.dritte@dritte.example';
      const about = await mail(
        '2026-11-05T09:00:00.000Z',
        `Carla Dritte <${carla}>`,
        `Re: ${adaReference}`,
        'Ich bin die Vermieterin, Carla Dritte, und habe dasselbe Problem Dritte-5050.\n\nCarla Dritte',
      );
      await fileOn(about, adaReference, '2026-11-05T10:00:00.000Z');
      const carlas = await exported(carla, NOW);
      const data = JSON.parse(carlas['complainant.json']!);
      assert.equal(data.complainant, null);
      assert.equal(data.address, carla);
      assert.ok(filesHolding(carlas, 'Dritte-5050').length >= 2, 'her message: its text and its original');
      for (const n of [ADA, 'Quelle-4411', BERT, 'Fremd'])
        assert.deepEqual(filesHolding(carlas, n), [], `${n} is not in Carla's export`);
    });
  });
}
