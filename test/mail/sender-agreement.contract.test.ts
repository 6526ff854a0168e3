// Who a message is from, asked once, on SQLite and PostgreSQL: the address a message verifiably comes from is
// the one its new case's complainant is registered with, the one its replies are filed by (a reply joins a case
// as the complainant's words only when it comes from that address), and the only one automatic mail about it
// may go to. Anything else a message names (a Reply-To of an ordinary sender, a Sender: field, the envelope
// sender, a second address in From:, a look-alike) chooses neither a record, nor a case, nor where Redress writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { type ReceivedEmail, receiveEmail } from '../../src/app/receive-email.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';

const complaintBody = (name: string) =>
  [
    'Bonjour,',
    '',
    'Mon domaine boulangerie-martin.fr ne fonctionne plus depuis trois jours (ticket 482913).',
    'Le site affiche une erreur 500 et je perds des clients.',
    '',
    'Je souhaite que vous répariez le site et que vous me remboursiez le mois.',
    '',
    'Cordialement,',
    name,
  ].join('\n');

/** An inline forward, under a short note, of a complaint whose sender is `original`. */
const forwardBody = (original: string) =>
  [
    'FYI, see below.',
    '',
    '---------- Forwarded message ---------',
    `From: Client Tiers <${original}>`,
    'Date: Mon, 14 Dec 2026 at 09:00',
    `Subject: ${STEP1}`,
    'To: <support@example.org>',
    '',
    'Mon site client-tiers.fr est en panne depuis hier. Je souhaite un remboursement du mois.',
    'Client Tiers',
  ].join('\n');

const replyBody =
  'Bonjour,\n\nVoici les précisions demandées : la panne continue ce matin.\n\nCordialement,\nM.';

/** How each sender field of a generated message is written. */
interface Shape {
  from:
    | 'person'
    | 'colleague'
    | 'trusted_robot'
    | 'untrusted_robot'
    | 'robot_shape'
    | 'unreadable'
    | 'several'
    | 'look_alike';
  replyTo: 'none' | 'same' | 'other' | 'unreadable' | 'several' | 'look_alike' | 'robot';
  /** The sender's own words, or an inline forward of a third person's complaint under a short note. */
  body: 'own' | 'forward';
  sender: 'none' | 'same' | 'other';
  envelope: 'absent' | 'from' | 'other' | 'null' | 'mailer_daemon';
  list: boolean;
}

/** The addresses of one run: fresh for each, so that runs share no record. */
function addressesOf(n: number) {
  return {
    person: `p1-${n}@client.example`,
    other: `p2-${n}@other.example`,
    third: `p3-${n}@third.example`,
    colleague: `staff-${n}@example.org`,
    // The default relay patterns: noreply@* of our own domain is a trusted relay, of another domain it is not.
    trustedRobot: 'noreply@example.org',
    untrustedRobot: 'noreply@evil.example',
    // A robot's address (form-relay.ts) that no relay pattern names.
    robotShape: `website@shop-${n}.example`,
    elsewhereRobot: 'no-reply@elsewhere.example',
  };
}

/** The message's header fields for a shape, and the envelope sender. */
function fieldsOf(shape: Shape, n: number): { spec: MessageSpec; envelope: string | undefined } {
  const a = addressesOf(n);
  const from = {
    person: `Marie Martin <${a.person}>`,
    colleague: `Claire Morel <${a.colleague}>`,
    trusted_robot: `Formulaire <${a.trustedRobot}>`,
    untrusted_robot: `Formulaire <${a.untrustedRobot}>`,
    robot_shape: `Site <${a.robotShape}>`,
    unreadable: 'Marie Martin <not an address>',
    several: `Marie Martin <${a.person}>, Paul <${a.other}>`,
    // A zero-width space in the domain: it shows as the person's address and is not one address.
    look_alike: `Marie Martin <p1-${n}@client\u200b.example>`,
  }[shape.from];
  const fromAddress = /<([^>]*)>/.exec(from)?.[1] ?? a.person;
  const headers: Record<string, string> = {};
  const replyTo = {
    none: null,
    same: fromAddress,
    other: `Paul Autre <${a.other}>`,
    unreadable: 'Paul Autre <not an address>',
    several: `${a.other}, ${a.third}`,
    look_alike: `Paul Autre <p2-${n}@other\u200b.example>`,
    robot: a.elsewhereRobot,
  }[shape.replyTo];
  if (replyTo) headers['Reply-To'] = replyTo;
  if (shape.sender !== 'none') headers.Sender = shape.sender === 'same' ? fromAddress : a.other;
  if (shape.list) {
    headers['List-Id'] = '<clients.lists.example>';
    headers.Precedence = 'list';
  }
  const envelope = {
    absent: undefined,
    from: fromAddress,
    other: a.other,
    null: '',
    mailer_daemon: 'MAILER-DAEMON',
  }[shape.envelope];
  return { spec: { from, headers }, envelope };
}

/**
 * The address a message of this shape verifiably comes from, said here without the code under test: the From:
 * address of a person or a colleague; the Reply-To of a relay robot of our own domain when it is one readable
 * address of a person; nobody when From: is not one address, or is a robot that writes for someone else. A
 * forward's original sender when someone of our own domains forwards it; nobody when anyone else does (the
 * reading takes the original's sender for the complainant, whom nothing verifies).
 */
function verifiedSender(shape: Shape, n: number): string | null {
  const a = addressesOf(n);
  if (shape.body === 'forward')
    return shape.from === 'colleague' || shape.from === 'trusted_robot' ? a.third : null;
  const readableReplyTo = { same: null, other: a.other, robot: a.elsewhereRobot }[
    shape.replyTo as 'same' | 'other' | 'robot'
  ];
  switch (shape.from) {
    case 'person':
      return a.person;
    case 'colleague':
      return a.colleague;
    case 'trusted_robot':
      return shape.replyTo === 'other' ? a.other : null;
    case 'robot_shape':
      // A robot with a readable Reply-To is read as a form writing for that person, whom nothing verifies.
      return readableReplyTo !== undefined || shape.replyTo === 'same' ? null : a.robotShape;
    default:
      return null;
  }
}

for (const engine of ENGINES) {
  describe(`who a message is from, for filing, registration and automatic mail (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-12-14T09:00:00.000Z');
    let n = 0;

    before(async () => {
      h = await startHarness(engine, { clock, overrides: { autoReplyLimitPerDay: 1000 } });
    });
    after(() => h.close());

    const db = () => h.test.database.db;
    const receive = (spec: MessageSpec, envelopeSender?: string): Promise<ReceivedEmail> =>
      receiveEmail(h.ctx, {
        raw: rawMessage(spec),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
        ...(envelopeSender === undefined ? {} : { envelopeSender }),
      });
    const complainantOf = async (caseId: string) =>
      (
        await db()
          .selectFrom('cases')
          .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
          .select('complainants.email')
          .where('cases.id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).email;
    /** Whether the case is flagged for a person. */
    const flagged = async (caseId: string) =>
      Boolean(
        (await db().selectFrom('cases').select('flagged').where('id', '=', caseId).executeTakeFirstOrThrow())
          .flagged,
      );
    /** Where automatic mail went, among the given addresses. */
    const mailTo = async (addresses: string[]) =>
      (
        await db()
          .selectFrom('correspondence')
          .select('to_address')
          .where('direction', '=', 'out')
          .where('to_address', 'in', addresses)
          .execute()
      ).map((r) => r.to_address);
    it("files a complainant's reply on their case when their Reply-To cannot be read, as their case was registered by From:", async () => {
      const n0 = ++n;
      const spec = {
        from: `Ines Leroy <ines-${n0}@client.example>`,
        messageId: `<ines-${n0}@client.example>`,
        subject: STEP1,
        headers: { 'Reply-To': 'Ines Leroy <not an address>' },
        body: complaintBody('Ines Leroy'),
      };
      const first = await receive(spec);
      assert.equal(first.filing, 'case_opened');
      assert.equal(await complainantOf(first.caseId!), `ines-${n0}@client.example`);
      assert.equal(
        first.autoReply,
        'suspicious_address',
        'a sender field that is no address: no automatic mail',
      );
      const reply = await receive({
        ...spec,
        messageId: `<ines-${n0}-2@client.example>`,
        subject: `Re: ${STEP1}`,
        inReplyTo: `<ines-${n0}@client.example>`,
        body: replyBody,
      });
      assert.equal(
        reply.filing,
        'filed_on_case',
        'the reply comes from the address the case was registered with',
      );
      assert.equal(reply.caseId, first.caseId);
      assert.deepEqual(await mailTo([`ines-${n0}@client.example`]), []);
    });

    it('files, registers and answers a person whose Reply-To names someone else by From: only', async () => {
      const n0 = ++n;
      const a = addressesOf(n0);
      const spec = {
        from: `Marie Martin <${a.person}>`,
        messageId: `<m-${n0}@client.example>`,
        headers: { 'Reply-To': `Paul Autre <${a.other}>` },
        body: complaintBody('Marie Martin'),
      };
      const first = await receive(spec);
      assert.equal(first.filing, 'case_opened');
      assert.equal(await complainantOf(first.caseId!), a.person);
      assert.deepEqual(await mailTo([a.other]), [], 'nothing to the address Reply-To names');
      const reply = await receive({
        ...spec,
        messageId: `<m-${n0}-2@client.example>`,
        inReplyTo: `<m-${n0}@client.example>`,
        body: replyBody,
      });
      assert.equal(reply.caseId, first.caseId);
      const stranger = await receive({
        from: `Paul Autre <${a.other}>`,
        inReplyTo: `<m-${n0}@client.example>`,
        body: replyBody,
      });
      assert.equal(stranger.filing, 'inbox', 'the Reply-To address is not the case complainant');
    });

    it("does not tell staff that a message naming a complainant's case comes from the complainant when only its Reply-To names them", async () => {
      const n0 = ++n;
      const a = addressesOf(n0);
      const first = await receive({
        from: `Marie Martin <${a.person}>`,
        messageId: `<note-${n0}@client.example>`,
        body: complaintBody('Marie Martin'),
      });
      assert.equal(first.filing, 'case_opened');
      for (const from of [
        `Marie Martin <${a.person}>, Mallory <${a.other}>`,
        'Marie Martin <not an address>',
      ]) {
        const forged = await receive({
          from,
          messageId: `<note-${n0}-${from.length}@evil.example>`,
          inReplyTo: `<note-${n0}@client.example>`,
          headers: { 'Reply-To': `Marie Martin <${a.person}>` },
          body: replyBody,
        });
        assert.equal(forged.filing, 'inbox');
        const received = await db()
          .selectFrom('events')
          .select('payload')
          .where('stream', '=', `inbox:${forged.inboxItemId}`)
          .executeTakeFirstOrThrow();
        const payload =
          typeof received.payload === 'string' ? JSON.parse(received.payload) : received.payload;
        const note = String(payload.note);
        assert.match(note, /a case of another complainant/);
        assert.ok(!note.includes(`comes from ${a.person}`), note);
      }
    });

    it("writes nothing automatically to the kept address of a merged record when a complaint comes from the duplicate's address", async () => {
      const n0 = ++n;
      const kept = `kept-${n0}@client.example`;
      const old = `old-${n0}@oldmail.example`;
      const recordOf = async (caseId: string) =>
        (
          await db()
            .selectFrom('cases')
            .select('complainant_id')
            .where('id', '=', caseId)
            .executeTakeFirstOrThrow()
        ).complainant_id;
      const a = await receive({ from: `Marie Martin <${kept}>`, body: complaintBody('Marie Martin') });
      const b = await receive({ from: `Marie Martin <${old}>`, body: complaintBody('Marie Martin') });
      await mergeComplainants(h.ctx, await recordOf(a.caseId!), await recordOf(b.caseId!), 'user:lead');
      const mailBefore = (await mailTo([kept, old])).length;
      const next = await receive({
        from: `Marie Martin <${old}>`,
        subject: `${STEP1} (encore)`,
        body: `${complaintBody('Marie Martin')}\nUne autre panne ce matin.`,
      });
      assert.equal(next.filing, 'case_opened');
      assert.equal(await recordOf(next.caseId!), await recordOf(a.caseId!), "on the person's kept record");
      // The acknowledgement would go to the record's address, which is not the one the message comes from.
      assert.equal((await mailTo([kept, old])).length, mailBefore, 'no automatic mail');
      assert.notEqual(next.autoReply, 'allowed');
      assert.ok(await flagged(next.caseId!), 'the case waits for a person');
    });

    it('takes the Reply-To of a relay robot of our own domain for filing, registration and automatic mail alike', async () => {
      const n0 = ++n;
      const a = addressesOf(n0);
      const spec = {
        from: `Formulaire <${a.trustedRobot}>`,
        messageId: `<form-${n0}@example.org>`,
        headers: { 'Reply-To': `Paul Autre <${a.other}>` },
        body: complaintBody('Paul Autre'),
      };
      const first = await receive(spec);
      assert.equal(first.filing, 'case_opened');
      assert.equal(await complainantOf(first.caseId!), a.other);
      assert.deepEqual(await mailTo([a.other, a.trustedRobot]), [a.other]);
      const again = await receive({
        ...spec,
        messageId: `<form-${n0}-2@example.org>`,
        inReplyTo: `<form-${n0}@example.org>`,
        body: replyBody,
      });
      assert.equal(again.caseId, first.caseId);
      const direct = await receive({
        from: `Paul Autre <${a.other}>`,
        inReplyTo: `<form-${n0}@example.org>`,
        body: replyBody,
      });
      assert.equal(direct.caseId, first.caseId);
    });

    it('property: filing, registration and automatic mail agree on the sender, and mail goes to no one else', async () => {
      const shapes = fc.record<Shape>({
        from: fc.constantFrom(
          'person',
          'colleague',
          'trusted_robot',
          'untrusted_robot',
          'robot_shape',
          'unreadable',
          'several',
          'look_alike',
        ),
        replyTo: fc.constantFrom('none', 'same', 'other', 'unreadable', 'several', 'look_alike', 'robot'),
        sender: fc.constantFrom('none', 'same', 'other'),
        envelope: fc.constantFrom('absent', 'from', 'other', 'null', 'mailer_daemon'),
        list: fc.boolean(),
        body: fc.constantFrom('own', 'own', 'forward'),
      });
      let opened = 0;
      await fc.assert(
        fc.asyncProperty(shapes, async (shape) => {
          const n0 = ++n;
          const a = addressesOf(n0);
          const everyone = Object.values(a);
          const verified = verifiedSender(shape, n0);
          const { spec, envelope } = fieldsOf(shape, n0);
          const firstId = `<first-${n0}@probe.example>`;
          // Mail to anyone but the verified sender (the robots' addresses are shared by the runs: counted).
          const others = everyone.filter((x) => x !== verified);
          const mailBefore = (await mailTo(others)).length;
          const first = await receive(
            {
              ...spec,
              messageId: firstId,
              body: shape.body === 'forward' ? forwardBody(a.third) : complaintBody('Marie Martin'),
            },
            envelope,
          );
          if (first.filing !== 'case_opened') {
            // Automated mail (a list, a null envelope sender): no case, no record, no mail.
            assert.equal(first.caseId, null);
            assert.equal((await mailTo(others)).length, mailBefore);
            if (verified) assert.deepEqual(await mailTo([verified]), []);
            return;
          }
          opened++;
          const caseId = first.caseId!;
          // Registration: the case's complainant is recorded with the verified sender, or with no address.
          assert.equal(await complainantOf(caseId), verified, 'registered address');
          // The same message's reply: filed on the case as the complainant's words only when it comes from them.
          const reply = await receive(
            {
              ...spec,
              messageId: `<reply-${n0}@probe.example>`,
              inReplyTo: firstId,
              body: shape.body === 'forward' ? forwardBody(a.third) : replyBody,
            },
            envelope,
          );
          if (verified) {
            assert.equal(reply.caseId, caseId, 'a reply of the same sender joins the case');
            assert.equal(reply.filing, 'filed_on_case');
            // And a reply written from the verified address alone joins it too: the same sender.
            const plain = await receive(
              {
                from: verified,
                messageId: `<plain-${n0}@probe.example>`,
                inReplyTo: firstId,
                body: replyBody,
              },
              verified,
            );
            assert.equal(plain.caseId, caseId, 'a reply from the registered address joins the case');
          } else if (reply.filing === 'filed_on_case') {
            // Nobody verified: nobody's reply. Only a message from our own domains naming the case is filed on
            // it, as a colleague's message, never the complainant's, and the case flagged (filing.ts).
            assert.equal(reply.caseId, caseId);
            assert.ok(
              shape.from === 'trusted_robot' || shape.from === 'colleague',
              `filed on the case: ${JSON.stringify(shape)}`,
            );
            assert.ok(await flagged(caseId), 'flagged for a person');
          }
          // Automatic mail: only ever to the verified sender.
          assert.equal(
            (await mailTo(others)).length,
            mailBefore,
            'no mail to anyone but the verified sender',
          );
        }),
        {
          numRuns: 100,
          examples: [
            [
              {
                from: 'person',
                replyTo: 'unreadable',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'robot_shape',
                replyTo: 'several',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'trusted_robot',
                replyTo: 'other',
                sender: 'other',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'unreadable',
                replyTo: 'other',
                sender: 'same',
                envelope: 'other',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'several',
                replyTo: 'same',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'look_alike',
                replyTo: 'none',
                sender: 'other',
                envelope: 'absent',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'colleague',
                replyTo: 'look_alike',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [{ from: 'person', replyTo: 'other', sender: 'none', envelope: 'from', list: true, body: 'own' }],
            [
              {
                from: 'colleague',
                replyTo: 'unreadable',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
            ],
            [
              {
                from: 'person',
                replyTo: 'none',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
            ],
            [
              {
                from: 'unreadable',
                replyTo: 'other',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
            ],
          ],
        },
      );
      assert.ok(opened >= 10, `too few messages opened a case to tell anything (${opened})`);
    });
  });
}
