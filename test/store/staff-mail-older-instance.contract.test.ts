// During an upgrade, an instance of the older release keeps running after the new one has migrated. The staff mail
// it writes then (a new reply, a deadline passed) names its case only by the link in its text, not in
// staff_mail_cases, which that release does not know. An erasure request and the retention run give such mail its
// cases from its links before they redact anything, so it goes with its case, and the archive still verifies.
// On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { caseUrl, queueEmail } from '../../src/app/outbound-mail.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

const NOW = '2026-12-07T12:00:00.000Z';
const ADMIN = { actor: 'user:admin', label: 'admin@example.org', address: null };
type Person = { name: string; email: string; mark: string };
const EMMA: Person = {
  name: 'Emmerich Tollhaus',
  email: 'emmerich.tollhaus@tollhaus.example',
  mark: 'Tollhaus-4417',
};
const FINE: Person = { name: 'Finja Rabenau', email: 'finja.rabenau@rabenau.example', mark: 'Rabenau-2290' };

for (const engine of ENGINES) {
  describe(`staff mail written by an older instance after the upgrade (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    /** A complaint answered and closed in 2017, with a "new reply" mail to staff written the older release's way. */
    async function closedCaseWithOldStaffMail(who: Person) {
      const c = await receiveEmail(at('2017-03-06T09:00:00.000Z'), {
        raw: rawMessage({
          from: `${who.name} <${who.email}>`,
          subject: `Transmission de réclamation - Etape 1 ${who.mark}`,
          date: new Date('2017-03-06T09:00:00.000Z').toUTCString(),
          body: `Bonjour,\n\nNom : ${who.name}\n\nMa facture ${who.mark} est fausse.\n\nJ’attends une facture corrigée.\n\n${who.name}`,
        }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      assert.ok(c.caseId);
      const ctx = at('2017-03-07T10:00:00.000Z');
      // No `aboutCases`: the older release knew no staff_mail_cases, its mail named the case by its link alone.
      const mailId = await queueEmail(ctx, h.test.database.db, {
        caseId: null,
        purpose: 'staff_new_reply',
        audience: 'staff',
        fromRole: 'complaints',
        to: 'agent@example.org',
        subject: `Neue Nachricht von ${who.name}`,
        text: `${who.name} <${who.email}> schrieb zu ${who.mark}.\n\n${caseUrl(ctx, c.caseId!)}`,
        language: 'de',
        inReplyTo: null,
        references: [],
        autoSubmitted: 'auto-generated',
        attachments: [],
        templateVersion: null,
        actor: 'system',
      });
      await answerCase(at('2017-03-10T09:00:00.000Z'), c.caseId!, {
        outcome: 'upheld',
        text: `Die Rechnung ${who.mark} ist korrigiert.`,
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
      return { ...c, mailId };
    }
    const mail = (id: string) =>
      h.test.database.db
        .selectFrom('correspondence')
        .select(['subject', 'text_body', 'redacted'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const assertGone = async (id: string, who: Person) => {
      const m = await mail(id);
      assert.equal(m.redacted, 1, 'the mail is redacted');
      for (const n of [who.name, who.email, who.mark])
        assert.ok(!`${m.subject} ${m.text_body}`.includes(n), `${n} is gone from the staff mail`);
    };

    it('an erasure request redacts it with its case', async () => {
      const c = await closedCaseWithOldStaffMail(EMMA);
      assert.ok((await mail(c.mailId)).text_body?.includes(EMMA.name));
      const erased = await eraseComplainant(at(NOW), EMMA.email, { reason: 'Her letter.', acting: ADMIN });
      assert.deepEqual(
        erased.erased.map((e) => e.reference),
        [c.reference],
      );
      await assertGone(c.mailId, EMMA);
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
    });

    it('the retention run redacts it with its case', async () => {
      const c = await closedCaseWithOldStaffMail(FINE);
      const run = await runRetention(at(NOW), { actor: 'cli' });
      assert.ok(run.anonymised.some((a) => a.reference === c.reference));
      await assertGone(c.mailId, FINE);
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
    });
  });
}
