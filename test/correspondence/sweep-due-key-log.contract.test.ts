// The sweep says in the log how many stored due keys it put right (app/settle-due-keys.ts), so that an operator sees
// when moves are being lost, or rows of an older instance repaired: one line with the count, only when there is one,
// and nothing of a case or a person in it. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { logSweep, sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, switchableRelay, type World } from './support.ts';

function collectingLog() {
  const lines: { level: 'info' | 'error'; obj: object; msg: string }[] = [];
  return {
    lines,
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  };
}

for (const engine of ENGINES)
  describe(`the sweep logs the due keys it repaired (${engine})`, () => {
    let world: World;
    let opened: { caseId: string; reference: string };
    before(async () => {
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z');
      opened = await mailIn(world, {
        from: 'logged@example.net',
        name: 'Logged Person',
        language: 'en',
        subject: 'Invoice wrong',
        messageId: '<logged@example.net>',
      });
      await sendDueMail(world.ctx, switchableRelay().transport);
      // A move the outbox lost: the key left on the acknowledge-by although the acknowledgement went out.
      await sql`update cases set due_key = acknowledge_by where id = ${opened.caseId}`.execute(
        world.ctx.database.db,
      );
      world.clock.set('2026-11-20T11:00:00.000Z');
    });
    after(() => world.close());

    const repairLines = (log: ReturnType<typeof collectingLog>) =>
      log.lines.filter((l) => l.msg === 'sweep: due keys repaired');

    it('logs one line with the count of cases repaired, and nothing that names the case or its complainant', async () => {
      const log = collectingLog();
      logSweep(log, await sweepDeadlines(world.ctx));
      assert.deepEqual(repairLines(log), [
        { level: 'info', obj: { sweep: { dueKeysRepaired: 1 } }, msg: 'sweep: due keys repaired' },
      ]);
      const text = JSON.stringify(log.lines);
      for (const personal of [opened.caseId, opened.reference, 'logged@example.net', 'Logged Person'])
        assert.ok(!text.includes(personal), personal);
    });

    it('logs no such line when the sweep repaired nothing', async () => {
      const log = collectingLog();
      logSweep(log, await sweepDeadlines(world.ctx));
      assert.deepEqual(repairLines(log), []);
    });
  });
