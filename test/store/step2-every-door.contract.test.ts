// A step-2 request belongs to one case, whichever door it comes by (step2-of-request.ts): a writer who asked for
// step 2 before (by e-mail under the `accept` policy, by letter, through the public form or the API) and asks
// again by any door adds a message to their step-2 case; no second step-2 case is opened, counted in the report,
// acknowledged or given a clock of its own. A writer whose request may be about several step-2 cases gets a new
// one flagged for a person, naming them. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

const DOORS = ['email', 'letter', 'web', 'api'] as const;
type Door = (typeof DOORS)[number];
const STEP2 = 'Transmission de réclamation - Etape 2';

let serial = 0;

/** A step-2 request of `email` by `door`, optionally quoting `reference`; the case it went to. */
async function ask(
  ctx: AppContext,
  h: Harness,
  door: Door,
  email: string,
  reference?: string,
): Promise<string> {
  const n = ++serial;
  const text = `Je ne suis pas satisfait de la réponse (${n}).`;
  if (door === 'email') {
    const r = await receiveEmail(ctx, {
      raw: rawMessage({
        from: `Writer <${email}>`,
        to: 'management@example.org',
        subject: reference ? `${STEP2} ${reference}` : STEP2,
        body: `${text}\nJ'attends une réponse de la direction.`,
      }),
      mailbox: h.config.mailboxes.find((m) => m.name === 'management')!,
      door: 'pipe',
    });
    assert.ok(r.caseId, `the e-mail is on a case (${r.filing})`);
    return r.caseId;
  }
  if (door === 'letter') {
    const r = await registerLetter(
      ctx,
      {
        arrived: ctx.calendar.localDate(ctx.clock.now()).toString(),
        kind: 'complaint',
        step: 2,
        complainant: { name: 'Writer', email, postalAddress: ['1 rue des Lilas', '67000 Strasbourg'] },
        title: STEP2,
        description: text,
        expectations: 'Une réponse de la direction.',
        ...(reference ? { caseReference: reference } : {}),
      },
      null,
      'u',
    );
    assert.ok(r.caseId);
    return r.caseId;
  }
  const r = await submitComplaint(
    ctx,
    {
      complainant: { name: 'Writer', email },
      language: 'fr',
      step: 2,
      description: text,
      expectations: 'Une réponse de la direction.',
      caseReference: reference ?? null,
    },
    { channel: door, actor: door === 'web' ? 'public_form' : 'api:test' },
  );
  return r.caseId;
}

for (const engine of ENGINES) {
  describe(`a step-2 request belongs to one case at every door (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-30T10:00:00.000Z');
    before(async () => {
      h = await startHarness(engine, { clock, overrides: { step2ByEmail: 'accept' } });
    });
    after(() => h.close());

    const db = () => h.test.database.db;
    const whose = async (caseId: string) =>
      (
        await db()
          .selectFrom('cases')
          .select('complainant_id')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).complainant_id;
    const step2Of = async (complainantId: string) =>
      (
        await db()
          .selectFrom('cases')
          .select(['id', 'step1_case_id', 'flagged', 'answer_by', 'acknowledge_by'])
          .where('kind', '=', 'complaint')
          .where('step', '=', 2)
          .where('complainant_id', '=', complainantId)
          .orderBy('received_at')
          .orderBy('id')
          .execute()
      ).map((r) => ({ ...r, flagged: Boolean(r.flagged) }));
    const flagReason = async (caseId: string) =>
      (
        await db()
          .selectFrom('events')
          .select('payload')
          .where('stream', '=', `case:${caseId}`)
          .where('type', 'in', ['flagged', 'note_added'])
          .execute()
      )
        .map((e) => e.payload)
        .join(' ');
    const acknowledgements = async (caseId: string) =>
      (
        await db()
          .selectFrom('correspondence')
          .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
          .select('outbound_items.correspondence_id')
          .where('correspondence.case_id', '=', caseId)
          .where('outbound_items.purpose', '=', 'acknowledgement')
          .execute()
      ).length;
    const inbound = async (caseId: string) =>
      (
        await db()
          .selectFrom('correspondence')
          .select('id')
          .where('case_id', '=', caseId)
          .where('direction', '=', 'in')
          .execute()
      ).length;
    const step1 = async (email: string) => {
      const r = await submitComplaint(
        h.ctx,
        { complainant: { name: 'Writer', email }, language: 'fr', description: 'Mon domaine a expiré.' },
        { channel: 'api', actor: 'api:test' },
      );
      return r;
    };

    for (const first of DOORS)
      for (const second of DOORS) {
        it(`with nothing behind it: by ${first}, then by ${second}, one step-2 case`, async () => {
          const email = `none-${first}-${second}@example.net`;
          const a = await ask(h.ctx, h, first, email);
          const who = await whose(a);
          const before = await step2Of(who);
          assert.equal(before.length, 1);
          clock.advance(3_600_000);
          const b = await ask(h.ctx, h, second, email);
          assert.equal(b, a, 'the second request is a message on the first one’s case');
          const after = await step2Of(who);
          assert.equal(after.length, 1, 'one step-2 complaint');
          assert.equal(after[0]!.answer_by, before[0]!.answer_by, 'its clock is not restarted');
          assert.equal(after[0]!.acknowledge_by, before[0]!.acknowledge_by);
          assert.ok((await acknowledgements(a)) <= 1, 'acknowledged once at most');
          assert.ok((await inbound(a)) >= 2, 'both requests are on the case');
        });

        it(`behind a step-1 complaint: by ${first}, then by ${second} (quoting it or not), one step-2 case`, async () => {
          const email = `step1-${first}-${second}@example.net`;
          const s1 = await step1(email);
          clock.advance(3_600_000);
          const a = await ask(h.ctx, h, first, email, first === 'email' ? undefined : s1.reference);
          const who = await whose(s1.caseId);
          const before = await step2Of(who);
          assert.equal(before.length, 1);
          assert.equal(before[0]!.step1_case_id, s1.caseId, 'linked to the step-1 case');
          clock.advance(3_600_000);
          const b = await ask(h.ctx, h, second, email, second === 'web' ? s1.reference : undefined);
          assert.equal(b, a);
          const after = await step2Of(who);
          assert.equal(after.length, 1, 'one step-2 complaint');
          assert.equal(after[0]!.answer_by, before[0]!.answer_by);
          assert.ok((await acknowledgements(a)) <= 1);
        });
      }

    for (const door of DOORS)
      it(`with two step-2 cases it cannot choose between, by ${door}: a new one, flagged naming both`, async () => {
        const email = `several-${door}@example.net`;
        let who = '';
        for (let i = 0; i < 2; i++)
          who = (
            await openCase(h.ctx, {
              kind: 'complaint',
              step: 2,
              channel: 'letter',
              receivedAt: clock.now(),
              language: 'fr',
              subject: `Step 2, matter ${i}`,
              complainant: { name: 'Writer', email },
              fields: { ticketRefs: [], domains: [], description: `Matter ${i}`, expectations: null },
              missing: [],
              correspondenceId: null,
              actor: 'u',
            })
          ).complainantId;
        const [x, y] = await step2Of(who);
        clock.advance(3_600_000);
        const c = await ask(h.ctx, h, door, email);
        assert.ok(c !== x!.id && c !== y!.id, 'not filed on either without a person');
        const now = await step2Of(who);
        assert.equal(now.length, 3);
        const opened = now.find((r) => r.id === c)!;
        assert.equal(opened.flagged, true, 'flagged for a person to choose');
        const flag = await flagReason(c);
        const refs = await db()
          .selectFrom('cases')
          .select('reference')
          .where('id', 'in', [x!.id, y!.id])
          .execute();
        for (const r of refs) assert.ok(flag.includes(r.reference), `naming each: ${flag}`);
      });
  });
}
