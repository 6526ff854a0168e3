// Defects the conformance test found, each kept as a plain test on both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerLetter } from '../../src/app/register-letter.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { ENGINES } from '../support/databases.ts';
import { type Bench, openBench, type System } from './system.ts';

for (const engine of ENGINES) {
  describe(`defects found by the conformance test (${engine})`, () => {
    let bench: Bench;
    let s: System;
    before(async () => {
      bench = await openBench(engine);
      s = await bench.fresh('2026-10-22T09:00:00.000Z');
    });
    after(() => bench.close());

    it('counts a complaint whose acknowledgement is late as overdue in the report, read from counts or scanned', async () => {
      // Arrived yesterday (00:00 local), no e-mail address: its acknowledgement is a letter to post, and its
      // 24 hours have passed while its answer date is two weeks away.
      await registerLetter(
        s.ctx,
        {
          arrived: '2026-10-21',
          language: 'fr',
          complainant: {
            name: 'Marie Dupont',
            postalAddress: ['Marie Dupont', '1 rue de la Paix', '75002 Paris'],
          },
          title: 'Transmission de réclamation - Etape 1',
          description: 'Mon domaine ne répond plus.',
          expectations: 'Un remboursement.',
        },
        null,
        'user:staff',
      );
      const period = { from: '2026-10-01', to: '2026-10-22' };
      const counted = await reportCases(s.ctx, period);
      const scanned = await reportCasesScanning(s.ctx, period);
      assert.equal(counted.complaints.overdueOpen, 1, 'late: its acknowledgement deadline has passed');
      assert.equal(scanned.complaints.overdueOpen, counted.complaints.overdueOpen);
      assert.deepEqual(scanned.complaints.byStep, counted.complaints.byStep);
    });
  });
}
