// The group-commit intake (src/app/email-intake.ts) files a batch in one transaction whose rows are written at
// its end (src/adapters/db/write-buffer.ts). A batch must file exactly as the same messages filed one by one:
// here a batch mixes a complaint and its reply, a duplicate, a second message and a step-2 request from the
// same sender, a stranger quoting a reference, unreadable and automated mail, a suggestion, messages without
// a Message-ID and a sender over the daily auto-reply limit. The oracle is `receiveEmail`, one message per
// transaction, on a database of its own; the batch must not have fallen back to filing one by one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prepareEmail, type ReceivedEmail, receiveEmail } from '../../src/app/receive-email.ts';
import type { Mailbox } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';

const STEP2 = 'Transmission de réclamation - Etape 2';

/** The messages, in order: raw bytes and the mailbox they were sent to. */
function messages(firstReference: string): Array<{ raw: Buffer; box: string }> {
  const anna = 'Anna Schmidt <anna@example.de>';
  const opening = rawMessage({ from: anna, messageId: '<a1@example.de>' });
  const noId = rawMessage({ from: 'Nina <nina@example.fr>', messageId: null, body: 'Sans identifiant.' });
  return [
    { raw: opening, box: 'complaints' },
    {
      raw: rawMessage({
        from: anna,
        messageId: '<a2@example.de>',
        inReplyTo: '<a1@example.de>',
        subject: 'Re: Transmission de réclamation - Etape 1',
        body: 'Je précise : le domaine est toujours en panne.',
      }),
      box: 'complaints',
    },
    { raw: opening, box: 'complaints' },
    { raw: rawMessage({ from: 'Bob <bob@example.org>', body: 'Première réclamation.' }), box: 'complaints' },
    { raw: rawMessage({ from: 'Bob <bob@example.org>', body: 'Une autre affaire.' }), box: 'complaints' },
    {
      raw: rawMessage({ from: anna, subject: STEP2, body: 'Je demande la deuxième étape.' }),
      box: 'complaints',
    },
    {
      raw: rawMessage({
        from: 'Eve <eve@example.net>',
        subject: `Au sujet de ${firstReference}`,
        body: 'Moi aussi.',
      }),
      box: 'complaints',
    },
    { raw: Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x0a, 0x0a, 0x80]), box: 'complaints' },
    {
      raw: rawMessage({
        from: 'Hugo <hugo@example.fr>',
        subject: 'Réponse automatique : absent',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
      box: 'complaints',
    },
    {
      raw: rawMessage({ from: 'Gil <gil@example.fr>', subject: 'Une idée', to: 'info@example.org' }),
      box: 'suggestions',
    },
    { raw: noId, box: 'complaints' },
    { raw: noId, box: 'complaints' },
    ...Array.from({ length: 4 }, (_, i) => ({
      raw: rawMessage({ from: 'Jo <jo@example.fr>', body: `Message ${i}` }),
      box: 'complaints',
    })),
  ];
}

/** What a filing looks like independent of ids: cases and items named by order of first appearance. */
function shapes(results: ReceivedEmail[]): unknown[] {
  const names = new Map<string, string>();
  const name = (prefix: string, id: string | null) => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, `${prefix}${names.size}`);
    return names.get(id)!;
  };
  return results.map((r) => ({
    duplicate: r.duplicate,
    filing: r.filing,
    autoReply: r.autoReply,
    reference: r.reference,
    case: name('case', r.caseId),
    correspondence: name('message', r.correspondenceId),
    inbox: r.inboxItemId !== null,
    warnings: r.warnings,
  }));
}

/** The counting rows (references, auto-replies per sender and day), which the batch counts on in memory. */
async function countingRows(h: Harness): Promise<unknown[]> {
  const { db } = h.test.database;
  return [
    await db.selectFrom('counters').select(['prefix', 'year', 'value']).orderBy('prefix').execute(),
    await db.selectFrom('auto_reply_counts').select(['sender', 'day', 'count']).orderBy('sender').execute(),
  ];
}

async function tableCounts(h: Harness): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'correspondence',
    'originals',
    'cases',
    'complainants',
    'inbox_items',
    'events',
    'streams',
    'outbound_items',
    'search_docs',
    'case_keys',
    'auto_reply_counts',
  ] as const) {
    const row = await h.test.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

for (const engine of ENGINES)
  describe(`a batch of e-mail filed in one transaction (${engine})`, () => {
    let batched: Harness;
    let alone: Harness;
    const overrides = { autoReplyLimitPerDay: 2, step2ByEmail: 'by_post_instruction' };
    before(async () => {
      batched = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z'), overrides });
      alone = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z'), overrides });
    });
    after(async () => {
      await batched?.close();
      await alone?.close();
    });

    /**
     * Files the messages one by one on `alone` (the oracle) and as one batch on `batched`: read first, then handed
     * over in one turn of the event loop.
     */
    async function fileBoth(list: Array<{ raw: Buffer; box: string }>) {
      const box = (h: Harness, name: string): Mailbox => h.config.mailboxes.find((m) => m.name === name)!;
      const expected: ReceivedEmail[] = [];
      for (const m of list)
        expected.push(
          await receiveEmail(alone.ctx, { raw: m.raw, mailbox: box(alone, m.box), door: 'smtp' }),
        );
      const prepared = await Promise.all(
        list.map((m) =>
          prepareEmail(batched.ctx, { raw: m.raw, mailbox: box(batched, m.box), door: 'smtp' }),
        ),
      );
      const results = await Promise.all(prepared.map((p) => batched.intake.receivePrepared(p)));
      return { expected, results };
    }

    it('files exactly as the same messages one by one, in one transaction', async () => {
      const reference = `${batched.config.references.complaint}-2026-000001`;
      const list = messages(reference);
      const { expected, results } = await fileBoth(list);
      assert.deepEqual(batched.intake.stats, { batches: 1, batchedMessages: list.length, filedAlone: 0 });

      assert.deepEqual(shapes(results), shapes(expected));
      assert.deepEqual(await tableCounts(batched), await tableCounts(alone));
      assert.deepEqual(await countingRows(batched), await countingRows(alone));
      // The mix is what it claims to be.
      const s = shapes(results) as Array<{
        filing: string;
        duplicate: boolean;
        case: string;
        autoReply: string;
      }>;
      assert.equal(s[1]!.case, s[0]!.case, 'the reply is on the case it answers');
      assert.equal(s[2]!.duplicate, true);
      assert.notEqual(s[4]!.case, s[3]!.case, "Bob's second message opens its own case");
      assert.equal(s[5]!.filing, 'step2_by_email');
      assert.equal(s[6]!.filing, 'inbox', 'a stranger quoting a reference goes to the inbox');
      assert.equal(s[11]!.duplicate, true, 'a message without a Message-ID, twice');
      assert.deepEqual(
        s.slice(12).map((r) => r.autoReply),
        ['allowed', 'allowed', 'flood_limited', 'flood_limited'],
      );
      const complainants = await batched.test.database.db
        .selectFrom('complainants')
        .select('email')
        .orderBy('email')
        .execute();
      assert.deepEqual(
        complainants.map((c) => c.email),
        ['anna@example.de', 'bob@example.org', 'gil@example.fr', 'jo@example.fr', 'nina@example.fr'],
      );
    });

    it('knows, in a batch, the messages and complainants stored before it', async () => {
      const list = [
        ...messages('none').slice(0, 2),
        { raw: rawMessage({ from: 'Bob <bob@example.org>', body: 'Encore moi.' }), box: 'complaints' },
        { raw: rawMessage({ from: 'Jo <jo@example.fr>', body: 'Et encore.' }), box: 'complaints' },
        { raw: rawMessage({ from: 'Zoé <zoe@example.fr>', body: 'Nouvelle venue.' }), box: 'complaints' },
      ];
      const { expected, results } = await fileBoth(list);
      assert.equal(batched.intake.stats.batches, 2);
      assert.equal(batched.intake.stats.filedAlone, 0);
      const s = shapes(results) as Array<{ duplicate: boolean; autoReply: string }>;
      assert.deepEqual(
        s.map((r) => r.duplicate),
        [true, true, false, false, false],
      );
      assert.equal(s[3]!.autoReply, 'flood_limited', 'Jo is still over the day’s limit');
      assert.deepEqual(shapes(results), shapes(expected));
      assert.deepEqual(await tableCounts(batched), await tableCounts(alone));
      assert.deepEqual(await countingRows(batched), await countingRows(alone));
      const complainants = await batched.test.database.db
        .selectFrom('complainants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(complainants.n), 6, 'Bob and Jo are known; only Zoé is new');
    });
  });
