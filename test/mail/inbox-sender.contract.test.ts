// Staff acting on a message waiting in the triage inbox go by who it verifiably comes from, as the mail door does
// (complainant.ts `messageSender`), on SQLite and PostgreSQL: a case opened from it is registered for that address
// only (a message from no verified sender opens a case with no address, unless the person opening it gives one,
// and nothing is sent to that address unasked), and filed onto a case it counts as the complainant's own message
// only when it comes from the complainant's address. What else the message names (a Reply-To of an ordinary
// sender, the first address of a From: list, a look-alike) is no one's. The same for a row stored before the
// door kept the address (asked again of its original).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import type { ActingStaff } from '../../src/core/access/case-access.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import type { MessageSpec } from './support/messages.ts';
import {
  addressesOf,
  complaintBody,
  fieldsOf,
  forwardBody,
  replyBody,
  type Shape,
  shapes,
  verifiedSender,
} from './support/sender-shapes.ts';

const DEFAULT_RELAYS = ['no-reply@*', 'noreply@*', 'formular@*', 'webform@*', 'forms@*'];
/** A relay robot of another domain than ours: its message naming someone else's case waits in the inbox. */
const PARTNER_FORM = 'contact@forms.partner.example';

const AGENT: ActingStaff = { role: 'agent', userId: 'agent-1', departments: [], actor: 'user:agent-1' };

/** Whose case an item is filed onto, or whose address the person opening a case gives (none: they give none). */
type Whom = 'person' | 'other' | 'third';

type Act = { type: 'file'; onto: Whom } | { type: 'open'; give: Whom | null };

for (const engine of ENGINES) {
  describe(`staff acting on an inbox item go by who its message verifiably comes from (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-12-14T09:00:00.000Z');
    let n = 0;

    before(async () => {
      h = await startHarness(engine, {
        clock,
        overrides: {
          autoReplyLimitPerDay: 1000,
          // The defaults, and a partner's form robot the operator trusts (a pattern naming its domain).
          relaySenders: [...DEFAULT_RELAYS, PARTNER_FORM],
        },
      });
    });
    after(() => h.close());

    const db = () => h.test.database.db;
    const receive = (spec: MessageSpec, envelopeSender?: string) => h.receive(spec, envelopeSender);
    const complainantOf = (caseId: string) => h.complainantOf(caseId);
    const mailTo = async (addresses: string[]) =>
      (
        await db()
          .selectFrom('correspondence')
          .select('to_address')
          .where('direction', '=', 'out')
          .where('to_address', 'in', addresses)
          .execute()
      ).map((r) => r.to_address);
    const typesOf = async (caseId: string) => (await readStream(db(), `case:${caseId}`)).map((e) => e.type);
    /** A complaint case of this address, waiting on its complainant (so that their own message shows). */
    const waitingCaseOf = async (address: string, tag: string) => {
      const c = await receive({
        from: `Jeanne Leclerc <${address}>`,
        messageId: `<case-${tag}@probe.example>`,
        body: complaintBody('Jeanne Leclerc'),
      });
      assert.equal(c.filing, 'case_opened', `a case for ${address}`);
      await actOnCase(
        h.ctx,
        c.caseId!,
        { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
        AGENT,
      );
      return { caseId: c.caseId!, reference: c.reference!, messageId: `<case-${tag}@probe.example>` };
    };
    /** A message naming someone else's case: it waits in the triage inbox (a stranger's reference). */
    const inboxItemOf = async (spec: MessageSpec, envelope?: string) => {
      const n0 = ++n;
      const owner = await waitingCaseOf(`jeanne-${n0}@home.example`, `owner-${n0}`);
      const got = await receive(
        { ...spec, messageId: `<item-${n0}@probe.example>`, inReplyTo: owner.messageId },
        envelope,
      );
      return got;
    };
    /** As a row stored before the mail door kept who a message comes from. */
    const forgetSender = (correspondenceId: string) =>
      db()
        .updateTable('correspondence')
        .set({ sender_address: null })
        .where('id', '=', correspondenceId)
        .execute();
    const open = (itemId: string, complainantEmail: string | null = null) =>
      handleInboxItem(
        h.ctx,
        itemId,
        { type: 'open_case', kind: 'complaint', step: 1, complainantEmail },
        AGENT,
      );
    const file = (itemId: string, caseReference: string) =>
      handleInboxItem(h.ctx, itemId, { type: 'file_onto_case', caseReference }, AGENT);

    it('opens a case from a message whose From: cannot be read for no one, not for the person its Reply-To names', async () => {
      const n0 = ++n;
      const victim = `victim-${n0}@client.example`;
      const item = await inboxItemOf({
        from: 'Marie Martin <not an address>',
        headers: { 'Reply-To': `Marie Martin <${victim}>` },
        body: complaintBody('Marie Martin'),
      });
      assert.equal(item.filing, 'inbox');
      const done = await open(item.inboxItemId!);
      assert.equal(await complainantOf(done.caseId!), null, 'registered for no address');
      assert.deepEqual(await mailTo([victim]), [], 'nothing written to the Reply-To address');
      assert.equal(
        done.afterOpened && 'acknowledged' in done.afterOpened ? done.afterOpened.acknowledged : null,
        null,
      );
    });

    it('opens it for the address a person gives, and writes nothing to it unasked', async () => {
      const n0 = ++n;
      const given = `given-${n0}@client.example`;
      const item = await inboxItemOf({
        from: 'Marie Martin <not an address>',
        headers: { 'Reply-To': `Marie Martin <${given}>` },
        body: complaintBody('Marie Martin'),
      });
      const done = await open(item.inboxItemId!, `  ${given.toUpperCase()} `);
      assert.equal(await complainantOf(done.caseId!), given);
      assert.deepEqual(await mailTo([given]), []);
      const flagged = await db()
        .selectFrom('cases')
        .select('flagged')
        .where('id', '=', done.caseId!)
        .executeTakeFirstOrThrow();
      assert.ok(Boolean(flagged.flagged), 'the case waits for a person');
    });

    it('refuses another address than the one a verified message comes from', async () => {
      const n0 = ++n;
      const person = `person-${n0}@client.example`;
      const item = await inboxItemOf({
        from: `Marie Martin <${person}>`,
        body: complaintBody('Marie Martin'),
      });
      assert.equal(item.filing, 'inbox');
      await assert.rejects(open(item.inboxItemId!, `else-${n0}@client.example`), (e: unknown) => {
        assert.ok(e instanceof DomainError);
        assert.equal(e.code, 'invalid_command');
        assert.equal(e.details?.context, 'sender_other_address');
        return true;
      });
      const done = await open(item.inboxItemId!, person);
      assert.equal(await complainantOf(done.caseId!), person);
    });

    for (const stored of ['kept', 'stored before'] as const) {
      it(`does not take a forged From: list for the first address's own message, filed onto its case (${stored})`, async () => {
        const n0 = ++n;
        const victim = `victim-${n0}@client.example`;
        const target = await waitingCaseOf(victim, `victim-${n0}`);
        const item = await inboxItemOf({
          from: `Marie Martin <${victim}>, Mallory <mallory-${n0}@evil.example>`,
          body: replyBody,
        });
        assert.equal(item.filing, 'inbox');
        if (stored === 'stored before') await forgetSender(item.correspondenceId);
        await file(item.inboxItemId!, target.reference);
        assert.ok(
          !(await typesOf(target.caseId)).includes('information_received'),
          'not the complainant’s reply',
        );
      });

      it(`takes a trusted relay's message for the complainant's own, filed onto their case (${stored})`, async () => {
        const n0 = ++n;
        const a = addressesOf(n0);
        const target = await waitingCaseOf(a.other, `relay-${n0}`);
        const item = await inboxItemOf({
          from: `Formulaire <${PARTNER_FORM}>`,
          headers: { 'Reply-To': `Paul Autre <${a.other}>` },
          body: replyBody,
        });
        assert.equal(item.filing, 'inbox');
        if (stored === 'stored before') await forgetSender(item.correspondenceId);
        await file(item.inboxItemId!, target.reference);
        assert.ok((await typesOf(target.caseId)).includes('information_received'), 'the complainant’s reply');
      });
    }

    it('property: opening or filing an inbox item never takes anyone but the verified sender for the complainant', async () => {
      const whom = fc.constantFrom<Whom>('person', 'other', 'third');
      const acts: fc.Arbitrary<Act> = fc.oneof(
        fc.record({ type: fc.constant('file' as const), onto: whom }),
        fc.record({ type: fc.constant('open' as const), give: fc.option(whom, { nil: null }) }),
      );
      let reached = 0;
      await fc.assert(
        fc.asyncProperty(
          shapes,
          acts,
          fc.boolean(),
          async (shape: Shape, act: Act, storedBefore: boolean) => {
            const n0 = ++n;
            const a = addressesOf(n0);
            const addressOf = (w: Whom) => ({ person: a.person, other: a.other, third: a.third })[w];
            const { spec, envelope } = fieldsOf(shape, n0);
            const owner = await waitingCaseOf(`jeanne-${n0}@home.example`, `owner-${n0}`);
            const item = await receive(
              {
                ...spec,
                messageId: `<item-${n0}@probe.example>`,
                inReplyTo: owner.messageId,
                body: shape.body === 'forward' ? forwardBody(a.third) : replyBody,
              },
              envelope,
            );
            if (item.filing !== 'inbox') return;
            reached++;
            // Automated mail comes from no one (the door's verdict: a list, a null envelope sender, a report).
            const verified = item.autoReply === 'automated' ? null : verifiedSender(shape, n0);
            if (storedBefore) await forgetSender(item.correspondenceId);
            const others = Object.values(a).filter((x) => x !== verified);
            // The case to file onto first: its own acknowledgement is no mail about the item.
            const target =
              act.type === 'file' ? await waitingCaseOf(addressOf(act.onto), `target-${n0}`) : null;
            const mailBefore = (await mailTo(others)).length;
            if (act.type === 'file' && target) {
              const onto = addressOf(act.onto);
              await file(item.inboxItemId!, target.reference);
              assert.equal(
                (await typesOf(target.caseId)).includes('information_received'),
                verified === onto,
                `the complainant's own message only when it comes from ${onto} (verified: ${verified})`,
              );
            } else if (act.type === 'open') {
              const given = act.give ? addressOf(act.give) : null;
              if (verified !== null && given !== null && given !== verified) {
                await assert.rejects(open(item.inboxItemId!, given), DomainError);
                return;
              }
              const done = await open(item.inboxItemId!, given);
              assert.equal(await complainantOf(done.caseId!), verified ?? given, 'registered address');
              if (verified === null && given !== null)
                assert.deepEqual(await mailTo([given]), [], 'nothing to an address a person chose');
            }
            assert.equal(
              (await mailTo(others)).length,
              mailBefore,
              'no mail to anyone but the verified sender',
            );
          },
        ),
        {
          numRuns: 60,
          examples: [
            [
              {
                from: 'unreadable',
                replyTo: 'other',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
              { type: 'open', give: null },
              false,
            ],
            [
              {
                from: 'several',
                replyTo: 'none',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
              { type: 'file', onto: 'person' },
              false,
            ],
            [
              {
                from: 'trusted_robot',
                replyTo: 'other',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
              { type: 'file', onto: 'other' },
              true,
            ],
            [
              {
                from: 'person',
                replyTo: 'other',
                sender: 'other',
                envelope: 'other',
                list: false,
                body: 'own',
              },
              { type: 'open', give: null },
              true,
            ],
            [
              {
                from: 'look_alike',
                replyTo: 'same',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
              { type: 'open', give: 'person' },
              false,
            ],
            [
              {
                from: 'colleague',
                replyTo: 'none',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
              { type: 'file', onto: 'third' },
              false,
            ],
          ],
        },
      );
      assert.ok(reached >= 20, `too few messages waited in the inbox to tell anything (${reached})`);
    });
  });
}
