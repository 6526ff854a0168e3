// A complainant writes again on a case whose owner's account has been disabled (they left, or are away for long):
// the "new reply" notice goes to the leads of the case's step, whom the deadline alerts tell of work nobody holds
// (alertRecipients), instead of to the disabled account alone, where nobody reads it. An active owner is told
// as before, alone. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';

for (const engine of ENGINES)
  describe(`a new reply on a case of a disabled owner on ${engine}`, () => {
    let t: TestApp;
    // Monday 10:00 in Berlin: the sweep tells of new replies in working hours.
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    before(async () => {
      t = await createTestApp({ engine, clock });
    });
    after(async () => {
      await t?.close();
    });

    const mailbox = () => t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
    const complaint = async (from: string) => {
      const got = await receiveEmail(t.ctx, { raw: rawMessage({ from }), mailbox: mailbox(), door: 'pipe' });
      assert.ok(got.caseId);
      const c = await t.ctx.database.db
        .selectFrom('cases')
        .select(['id', 'reference'])
        .where('id', '=', got.caseId)
        .executeTakeFirstOrThrow();
      return { caseId: c.id, reference: c.reference };
    };
    const writeAgain = (from: string, reference: string) =>
      receiveEmail(t.ctx, {
        raw: rawMessage({ from, subject: `Re: [${reference}] my complaint`, body: 'Any news?\n' }),
        mailbox: mailbox(),
        door: 'pipe',
      });
    const noticesTo = (caseRef: string) =>
      t.ctx.database.db
        .selectFrom('correspondence as c')
        .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
        .select('c.to_address')
        .where('o.purpose', '=', 'staff_new_reply')
        .where('c.text_body', 'like', `%${caseRef}%`)
        .execute()
        .then((rows) => rows.map((r) => r.to_address).sort());

    it("tells the step's leads when the owner is disabled, and an active owner alone", async () => {
      const leaving = await createUser(t.ctx, 'agent', { email: 'leaving@example.org' });
      const staying = await createUser(t.ctx, 'agent', { email: 'staying@example.org' });
      const lead = await createUser(t.ctx, 'lead', { email: 'lead@example.org' });
      const theirs = await complaint('Anna Alt <anna@example.net>');
      const others = await complaint('Ben Berg <ben@example.net>');
      await actOnCase(t.ctx, theirs.caseId, { type: 'assign', to: leaving.id }, `user:${lead.id}`);
      await actOnCase(t.ctx, others.caseId, { type: 'assign', to: staying.id }, `user:${lead.id}`);
      await sweepDeadlines(t.ctx);
      await setUserEnabled(t.ctx, leaving.id, false, { actor: 'cli', label: null, address: null });
      clock.advance(60_000);
      await writeAgain('Anna Alt <anna@example.net>', theirs.reference!);
      await writeAgain('Ben Berg <ben@example.net>', others.reference!);
      await sweepDeadlines(t.ctx);
      assert.deepEqual(await noticesTo(theirs.caseId), ['lead@example.org']);
      assert.deepEqual(await noticesTo(others.caseId), ['staying@example.org']);
      // Once told, a later sweep tells nobody again.
      await sweepDeadlines(t.ctx);
      assert.deepEqual(await noticesTo(theirs.caseId), ['lead@example.org']);
    });
  });
