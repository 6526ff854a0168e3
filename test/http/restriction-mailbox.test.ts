// A designated-contact restriction (P8.3–P8.4) holds for the person's mailbox, however they write its address: in
// capitals, with a sub-address (`name+tag@`), with the dots Gmail ignores, or the domain in its other form. Such a
// form may be a record of its own (addresses.ts keeps sub-addresses apart as identities), yet it reaches the very
// mailbox the restriction was decided about, so a restricted person who adds `+1` to their address must not reach
// the whole team again, unasked. Through each door (mail over SMTP, the API, a letter registered by staff) the case
// goes to the contact and nothing is written to the person automatically. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { type SmtpListener, startSmtpListener } from '../../src/adapters/mail/smtp-listener.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { silentLogger } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { smtpSend } from '../mail/support/smtp-client.ts';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

/** The ways one mailbox's address can be written: a local part and domain, changed as a person may change them. */
const FORMS = [
  (l: string, d: string) => `${l.toUpperCase()}@${d.toUpperCase()}`,
  (l: string, d: string) => `${l}+complaints@${d}`,
  (l: string, d: string) => `${l[0]!.toUpperCase()}${l.slice(1)}+Again2@${d}`,
] as const;
const DOORS = ['mail', 'api', 'letter'] as const;

for (const engine of ENGINES) {
  describe(`a designated contact holds for the mailbox however it is written (${engine})`, () => {
    let t: TestApp;
    let intake: EmailIntake;
    let smtp: SmtpListener;
    let apiToken = '';
    let agent: User;
    let contact: User;
    let lead: User;
    let n = 0;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');

    before(async () => {
      t = await createTestApp({ engine, clock });
      intake = new EmailIntake(t.ctx, { readThreads: 0 });
      smtp = await startSmtpListener({
        ...t.ctx.config.smtp,
        host: '127.0.0.1',
        port: 0,
        mailboxes: () => t.ctx.config.mailboxes,
        receive: (email) => intake.receive(email),
        logger: silentLogger,
      });
      agent = await createUser(t.ctx, 'agent');
      contact = await createUser(t.ctx, 'agent', { name: 'Dominique Contact' });
      lead = await createUser(t.ctx, 'lead');
      apiToken = await apiSecret(t.ctx, 'agent', `api-${agent.id}`);
    });
    after(async () => {
      await smtp?.close();
      await intake?.close();
      await t?.close();
    });

    const db = () => t.ctx.database.db;
    const caseIds = async () => (await db().selectFrom('cases').select('id').execute()).map((c) => c.id);
    /** The one case `door` opened. */
    const opened = async (door: () => Promise<unknown>, what: string) => {
      const before = new Set(await caseIds());
      await door();
      const added = (await caseIds()).filter((id) => !before.has(id));
      assert.equal(added.length, 1, `one case opened by ${what}`);
      return db()
        .selectFrom('cases')
        .select(['id', 'complainant_id', 'owner_id'])
        .where('id', '=', added[0]!)
        .executeTakeFirstOrThrow();
    };
    const through = (door: (typeof DOORS)[number], address: string) => {
      const k = ++n;
      if (door === 'mail')
        return async () => {
          const reply = await smtpSend(
            smtp.port,
            'bounce@mx.example.net',
            'complaint@example.org',
            rawMessage({ from: `Rolf Renner <${address}>`, subject: `Complaint escalation - Step 1 (${k})` }),
          );
          assert.match(reply, /^250 /);
        };
      if (door === 'api')
        return async () => {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/complaints',
            headers: { authorization: `Bearer ${apiToken}` },
            payload: {
              complainant: { name: 'Rolf Renner', email: address },
              language: 'en',
              ticketRefs: [],
              domains: [],
              description: `Still broken (${k}).`,
              expectations: 'That it works.',
            },
          });
          assert.equal(res.statusCode, 201, res.body);
        };
      return () =>
        registerLetter(
          t.ctx,
          {
            arrived: '2026-11-23',
            title: 'Complaint escalation - Step 1',
            complainant: { name: 'Rolf Renner', email: address },
            language: 'en',
            description: `Still broken (${k}).`,
            expectations: 'That it works.',
          },
          {
            content: Buffer.from(`%PDF-1.4\n% ${k}\n%%EOF\n`),
            contentType: 'application/pdf',
            filename: 'scan.pdf',
          },
          `user:${agent.id}`,
        );
    };

    const acknowledgementsOf = async (caseId: string) =>
      db()
        .selectFrom('outbound_items')
        .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
        .select('outbound_items.purpose')
        .where('correspondence.case_id', '=', caseId)
        .where('outbound_items.purpose', '=', 'acknowledgement')
        .execute();

    it('property: written only and service refused keep the promises: every door acknowledges, every form of the address', async () => {
      let m = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('written_only', 'service_refused'),
          fc.constantFrom(...DOORS),
          fc.nat(FORMS.length),
          async (kind, door, form) => {
            const local = `wanda${engine}${++m}`;
            const domain = 'example.net';
            const first = await opened(through('mail', `${local}@${domain}`), 'the first mail');
            await actOnComplainant(
              t.ctx,
              first.complainant_id,
              {
                type: 'restrict',
                restrictionId: `w-${engine}-${m}`,
                kind,
                reason: 'Insults in several messages.',
                reviewBy: '2099-01-01',
                designatedContactId: null,
              },
              { role: 'lead', userId: lead.id, departments: [], actor: `user:${lead.id}` },
            );
            // The address as on file, or one of the other forms.
            const address = form === FORMS.length ? `${local}@${domain}` : FORMS[form]!(local, domain);
            const c = await opened(through(door, address), `${door} from ${address}`);
            // P8.4: complaints are still received, acknowledged and answered.
            assert.equal(
              (await acknowledgementsOf(c.id)).length,
              1,
              `${kind}, ${door} from ${address}: acknowledged as any complaint`,
            );
          },
        ),
        { numRuns: 12, seed: 8 },
      );
    });

    it('property: every door and every form of the address gives the case to the contact, unacknowledged', async () => {
      let m = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...DOORS), fc.nat(FORMS.length - 1), async (door, form) => {
          const local = `rolf${engine}${++m}`;
          const domain = 'example.net';
          const first = await opened(through('mail', `${local}@${domain}`), 'the first mail');
          await actOnComplainant(
            t.ctx,
            first.complainant_id,
            {
              type: 'restrict',
              restrictionId: `r-${engine}-${m}`,
              kind: 'designated_contact',
              reason: 'Abusive calls to several staff.',
              reviewBy: '2099-01-01',
              designatedContactId: contact.id,
            },
            { role: 'lead', userId: lead.id, departments: [], actor: `user:${lead.id}` },
          );
          const address = FORMS[form]!(local, domain);
          const c = await opened(through(door, address), `${door} from ${address}`);
          assert.equal(
            c.owner_id,
            contact.id,
            `${door} from ${address}: the case goes to the designated contact`,
          );
          const acks = await db()
            .selectFrom('outbound_items')
            .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
            .select('outbound_items.purpose')
            .where('correspondence.case_id', '=', c.id)
            .execute();
          assert.deepEqual(acks, [], `${door} from ${address}: nothing written unasked, the contact writes`);
        }),
        { numRuns: 9, seed: 8 },
      );
    });

    const instructionsOf = async (complainantId: string) =>
      db()
        .selectFrom('outbound_items')
        .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
        .innerJoin('cases', 'cases.id', 'correspondence.case_id')
        .select('outbound_items.purpose')
        .where('cases.complainant_id', '=', complainantId)
        .where('outbound_items.purpose', '=', 'step2_by_post')
        .execute();
    const mailStep2 = async (address: string) => {
      const reply = await smtpSend(
        smtp.port,
        'bounce@mx.example.net',
        'complaint@example.org',
        rawMessage({ from: `Rolf Renner <${address}>`, subject: `Complaint escalation - Step 2 (${++n})` }),
      );
      assert.match(reply, /^250 /);
      return db()
        .selectFrom('complainants')
        .select('id')
        .where('email', '=', address.toLowerCase())
        .executeTakeFirstOrThrow();
    };
    const restrictTo = (complainantId: string, contactId: string) =>
      actOnComplainant(
        t.ctx,
        complainantId,
        {
          type: 'restrict',
          restrictionId: `s-${engine}-${++n}`,
          kind: 'designated_contact',
          reason: 'Abusive calls to several staff.',
          reviewBy: '2099-01-01',
          designatedContactId: contactId,
        },
        { role: 'lead', userId: lead.id, departments: [], actor: `user:${lead.id}` },
      );

    it('a step-2 request by e-mail from a sub-address waits for the contact, as its acknowledgement does (P1.2, P8.4)', async () => {
      const first = await opened(through('mail', `stefan${engine}@example.net`), 'the first mail');
      await restrictTo(first.complainant_id, contact.id);
      const other = await mailStep2(`stefan${engine}+step2@example.net`);
      assert.notEqual(other.id, first.complainant_id, 'a record of its own');
      assert.deepEqual(await instructionsOf(other.id), [], 'the contact writes, nothing goes out unasked');
    });

    it('a step-2 request by e-mail is answered as usual where the contact may not handle the case (their account disabled)', async () => {
      const leaving = await createUser(t.ctx, 'agent');
      const first = await opened(through('mail', `lea${engine}@example.net`), 'the first mail');
      await restrictTo(first.complainant_id, leaving.id);
      await setUserEnabled(t.ctx, leaving.id, false, { actor: 'cli', label: null, address: null });
      await mailStep2(`lea${engine}@example.net`);
      // The step-1 case follows the usual routing, so nobody else would be told to write the instruction.
      assert.equal((await instructionsOf(first.complainant_id)).length, 1, 'told how step 2 is taken');
    });

    it('the case page of a sub-address names the restriction decided on the same mailbox, so nobody calls a written-only person', async () => {
      const first = await opened(through('mail', `paula${engine}@example.net`), 'the first mail');
      await actOnComplainant(
        t.ctx,
        first.complainant_id,
        {
          type: 'restrict',
          restrictionId: `p-${engine}`,
          kind: 'written_only',
          reason: 'Shouted at the hotline twice.',
          reviewBy: '2099-01-01',
          designatedContactId: null,
        },
        { role: 'lead', userId: lead.id, departments: [], actor: `user:${lead.id}` },
      );
      const c = await opened(through('mail', `Paula${engine}+shop@example.net`), 'the sub-address');
      assert.notEqual(c.complainant_id, first.complainant_id, 'a record of its own');
      const page = await getPage(t.app, await sessionFor(t.ctx, agent), `/cases/${c.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Written communication only/, 'the restriction is named');
      assert.match(page.body, /Shouted at the hotline twice\./);
      assert.ok(
        page.body.includes(`/complainants/${first.complainant_id}`),
        'with the record it was decided on',
      );
      assert.doesNotMatch(page.body, /No restriction is in force/);
      // And the record's own page, where a lead would look before calling.
      const record = await getPage(t.app, await sessionFor(t.ctx, lead), `/complainants/${c.complainant_id}`);
      assert.equal(record.statusCode, 200);
      assert.match(
        record.body,
        /Shouted at the hotline twice\./,
        'the restriction is named, with its reason',
      );
      assert.ok(
        record.body.includes(`/complainants/${first.complainant_id}`),
        'with the record it was decided on',
      );
    });

    it('the limits on automatic mail hold for a restricted person whose contact does not handle the case (P8.4 keeps no flood open)', async () => {
      const manager = await createUser(t.ctx, 'management');
      const address = `flo${engine}@example.net`;
      const first = await opened(through('mail', address), 'the first mail');
      // Management may not handle a step-1 case, so step-1 cases follow the usual routing and are acknowledged.
      await restrictTo(first.complainant_id, manager.id);
      const limit = t.ctx.config.autoReplyLimitPerDay;
      for (let i = 0; i < limit + 2; i++) await opened(through('mail', address), `mail ${i}`);
      const acks = await db()
        .selectFrom('outbound_items')
        .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
        .innerJoin('cases', 'cases.id', 'correspondence.case_id')
        .select('outbound_items.purpose')
        .where('cases.complainant_id', '=', first.complainant_id)
        .where('outbound_items.purpose', '=', 'acknowledgement')
        .execute();
      assert.ok(acks.length <= limit, `${acks.length} acknowledgements in a day, the limit is ${limit}`);
    });

    it('restricting gives the contact the open cases of the same mailbox written another way, not only the record’s own', async () => {
      const plain = await opened(through('mail', `otto${engine}@example.net`), 'the plain address');
      const tagged = await opened(through('mail', `otto${engine}+web@example.net`), 'the sub-address');
      const stranger = await opened(through('mail', `otto${engine}x@example.net`), 'another person');
      assert.notEqual(tagged.complainant_id, plain.complainant_id);
      await restrictTo(plain.complainant_id, contact.id);
      const owner = async (id: string) =>
        (await db().selectFrom('cases').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow())
          .owner_id;
      assert.equal(await owner(plain.id), contact.id);
      assert.equal(await owner(tagged.id), contact.id, 'the sub-address’s open case goes to the contact too');
      assert.notEqual(await owner(stranger.id), contact.id, 'another mailbox keeps its routing');
    });
  });
}
