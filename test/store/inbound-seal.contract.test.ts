// Inbound correspondence is sealed (P6.2), on SQLite and PostgreSQL: an inbound row's text, sender or pointer to its
// original changed in the database, even with the row's own copy of the seal recomputed, and a row deleted, are each
// named by `redress archive verify` with the row and its case. Rows written before the seal (an upgraded database)
// are counted apart, not named; an anonymised case's inbound rows verify intact.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { inboundContentOf } from '../../src/adapters/db/correspondence.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { linkHash, payloadDigest } from '../../src/core/archive/hash-chain.ts';
import {
  inboundContentDigest,
  inboundContentDigestBeforeSender,
} from '../../src/core/archive/inbound-digest.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';

const NOW = '2026-12-05T12:00:00.000Z';

/** The row as the seal reads it, with `change` applied: what a forger who recomputes the row's copy writes. */
async function forge(h: Harness, id: string, change: Record<string, string>): Promise<void> {
  const { db } = h.test.database;
  const r = await db.selectFrom('correspondence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const row = { ...r, ...change } as typeof r;
  await db
    .updateTable('correspondence')
    .set({
      ...change,
      content_sha256: inboundContentDigest({
        id: row.id,
        channel: row.channel,
        door: row.door ?? null,
        mailbox: row.mailbox,
        messageId: row.message_id,
        inReplyTo: row.in_reply_to,
        carriedMessageId: row.carried_message_id ?? null,
        bodySha256: row.body_sha256,
        originalSha256: row.original_sha256,
        subject: row.subject,
        fromAddress: row.from_address,
        fromName: row.from_name,
        toAddress: row.to_address,
        at: row.at,
        language: row.language,
        textBody: row.text_body,
        createdAt: row.created_at,
        senderAddress: row.sender_address ?? null,
      }),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Rewrites a stream's events as `edit` makes their payloads, with the chain made again over them: what a release
 * that wrote them otherwise would have left.
 */
async function rechain(
  h: Harness,
  stream: string,
  edit: (payload: Record<string, unknown>) => void,
): Promise<void> {
  const { db } = h.test.database;
  const events = await db
    .selectFrom('events')
    .selectAll()
    .where('stream', '=', stream)
    .orderBy('seq')
    .execute();
  let prev: string | null = null;
  for (const e of events) {
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    edit(payload);
    const digest = payloadDigest(payload);
    const hash = linkHash({
      stream,
      seq: e.seq,
      type: e.type,
      at: e.at,
      actor: e.actor,
      payloadDigest: digest,
      prev,
    });
    await db
      .updateTable('events')
      .set({ payload: JSON.stringify(payload), payload_digest: digest, prev, hash })
      .where('stream', '=', stream)
      .where('seq', '=', e.seq)
      .execute();
    prev = hash;
  }
  await db.updateTable('streams').set({ head_hash: prev }).where('stream', '=', stream).execute();
}

/**
 * An inbound row as a release before the verified sender was sealed left it: sealed in the earlier format (in the
 * event that filed it and in the row), keeping `sender` (null: stored before the door kept the address).
 */
async function sealBeforeSender(
  h: Harness,
  stream: string,
  id: string,
  sender: string | null,
): Promise<void> {
  const { db } = h.test.database;
  const r = await db.selectFrom('correspondence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const seal = inboundContentDigestBeforeSender(inboundContentOf(r));
  await rechain(h, stream, (p) => {
    if (p.correspondenceId === id && typeof p.correspondenceSeal === 'string') p.correspondenceSeal = seal;
  });
  await db
    .updateTable('correspondence')
    .set({ content_sha256: seal, sender_address: sender })
    .where('id', '=', id)
    .execute();
}

for (const engine of ENGINES) {
  describe(`archive verify: inbound correspondence (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    const receive = (ctx: AppContext, from: string, body?: string) =>
      receiveEmail(ctx, {
        raw: rawMessage({ from, ...(body ? { body } : {}) }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });

    it('names an inbound row whose text, sender or original changed, and one deleted, with its case', async () => {
      const texted = await receive(h.ctx, 'Anna Schmidt <anna@example.de>');
      const sender = await receive(h.ctx, 'Bruno Martin <bruno@example.fr>');
      const pointer = await receive(h.ctx, 'Chloé Petit <chloe@example.fr>');
      const other = await receive(h.ctx, 'Dieter Braun <dieter@example.de>');
      const deleted = await receive(h.ctx, 'Emma Roux <emma@example.fr>');
      const clean = await verifyArchive(h.ctx);
      assert.deepEqual(clean.problems, []);
      assert.equal(clean.inbound, 5);
      assert.equal(clean.inboundUnsealed, 0);

      const { db } = h.test.database;
      // The text changed, the row's own copy of the seal left as it was.
      await db
        .updateTable('correspondence')
        .set({ text_body: 'Je retire ma réclamation.' })
        .where('id', '=', texted.correspondenceId)
        .execute();
      // The sender changed by someone who recomputed the row's copy.
      await forge(h, sender.correspondenceId, { from_address: 'someone-else@example.net' });
      // The pointer to the original swapped for another message's original (which is intact), recomputed too.
      const otherOriginal = await db
        .selectFrom('correspondence')
        .select('original_sha256')
        .where('id', '=', other.correspondenceId)
        .executeTakeFirstOrThrow();
      await forge(h, pointer.correspondenceId, { original_sha256: otherOriginal.original_sha256! });
      // One inbound row deleted.
      await db.deleteFrom('correspondence').where('id', '=', deleted.correspondenceId).execute();

      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        [
          `inbound_altered correspondence:${texted.correspondenceId}`,
          `inbound_altered correspondence:${sender.correspondenceId}`,
          `inbound_altered correspondence:${pointer.correspondenceId}`,
          `correspondence_missing correspondence:${deleted.correspondenceId}`,
        ].sort(),
      );
      const detail = (id: string) => report.problems.find((p) => p.stream === `correspondence:${id}`)!.detail;
      assert.match(detail(texted.correspondenceId), new RegExp(`case ${texted.reference}\\b`));
      assert.match(detail(sender.correspondenceId), new RegExp(`case ${sender.reference}\\b`));
      assert.match(detail(pointer.correspondenceId), new RegExp(`case ${pointer.reference}\\b`));
      assert.match(
        detail(deleted.correspondenceId),
        new RegExp(`case ${deleted.reference} \\(event 1, case_received\\) names is missing`),
      );
      const cli = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(cli.code, 1, cli.stdout + cli.stderr);
      assert.match(cli.stdout, new RegExp(`inbound_altered: correspondence:${sender.correspondenceId}: `));
      assert.match(
        cli.stdout,
        new RegExp(`correspondence_missing: correspondence:${deleted.correspondenceId}: `),
      );
    });
  });

  describe(`archive verify: the address an inbound e-mail verifiably comes from (${engine})`, () => {
    let h: Harness;
    // Each test on a database of its own: the first leaves rows altered.
    beforeEach(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    afterEach(() => h.close());

    const receive = (spec: Parameters<typeof rawMessage>[0]) =>
      receiveEmail(h.ctx, {
        raw: rawMessage(spec),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
    const senderOfRow = async (id: string) =>
      (
        await h.test.database.db
          .selectFrom('correspondence')
          .select('sender_address')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).sender_address ?? null;

    it('names a row whose verified sender changed, on a case or in the inbox, with its case or item', async () => {
      const anna = await receive({ from: 'Anna Schmidt <anna@example.de>' });
      const bruno = await receive({ from: 'Bruno Martin <bruno@example.fr>' });
      // A stranger writing about Anna's case: kept in the triage inbox, from the stranger.
      const stranger = await receive({
        from: 'Mallory <mallory@example.com>',
        subject: `About ${anna.reference}`,
      });
      assert.equal(stranger.filing, 'inbox');
      assert.equal(await senderOfRow(anna.correspondenceId), 'anna@example.de');
      assert.equal(await senderOfRow(stranger.correspondenceId), 'mallory@example.com');
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);

      const { db } = h.test.database;
      // The stranger's message made to count as Anna's, the row's copy of the seal left as it was.
      await db
        .updateTable('correspondence')
        .set({ sender_address: 'anna@example.de' })
        .where('id', '=', stranger.correspondenceId)
        .execute();
      // Bruno's message made to come from no one, by someone who recomputed the row's copy.
      await forge(h, bruno.correspondenceId, { sender_address: null as unknown as string });
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        [
          `inbound_altered correspondence:${stranger.correspondenceId}`,
          `inbound_altered correspondence:${bruno.correspondenceId}`,
        ].sort(),
      );
      const detail = (id: string) => report.problems.find((p) => p.stream === `correspondence:${id}`)!.detail;
      assert.match(detail(stranger.correspondenceId), new RegExp(`inbox item ${stranger.inboxItemId}\\b`));
      assert.match(detail(bruno.correspondenceId), new RegExp(`case ${bruno.reference}\\b`));
      assert.match(detail(bruno.correspondenceId), /sender/);
    });

    it('keeps rows sealed before the sender was valid, and names one given a sender its original does not show', async () => {
      const anna = await receive({ from: 'Anna Schmidt <anna@example.de>' });
      // Stored before the door kept the address: sealed in the earlier format, keeping none.
      const old = await receive({ from: 'Bruno Martin <bruno@example.fr>' });
      await sealBeforeSender(h, `case:${old.caseId}`, old.correspondenceId, null);
      const oldStranger = await receive({
        from: 'Eve <eve@example.com>',
        subject: `About ${anna.reference}`,
      });
      await sealBeforeSender(h, `inbox:${oldStranger.inboxItemId}`, oldStranger.correspondenceId, null);
      // Stored while the door kept the address but did not seal it yet: the earlier format, keeping it.
      const kept = await receive({
        from: 'Mallory <mallory@example.com>',
        subject: `About ${anna.reference}`,
      });
      assert.equal(kept.filing, 'inbox');
      await sealBeforeSender(h, `inbox:${kept.inboxItemId}`, kept.correspondenceId, 'mallory@example.com');
      // Stored before inbound rows were sealed at all.
      const unsealed = await receive({
        from: 'Oscar <oscar@example.com>',
        subject: `About ${anna.reference}`,
      });
      await rechain(h, `inbox:${unsealed.inboxItemId}`, (p) => {
        delete p.correspondenceSeal;
      });
      const { db } = h.test.database;
      await db
        .updateTable('correspondence')
        .set({ content_sha256: null, sender_address: null })
        .where('id', '=', unsealed.correspondenceId)
        .execute();
      const upgraded = await verifyArchive(h.ctx);
      assert.deepEqual(upgraded.problems, []);
      assert.equal(upgraded.inboundUnsealed, 1);

      // A row from before the door kept the address given the one its message truly comes from: nothing false.
      await db
        .updateTable('correspondence')
        .set({ sender_address: 'bruno@example.fr' })
        .where('id', '=', old.correspondenceId)
        .execute();
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
      // Strangers' messages made to count as Anna's, their seals (which do not cover the sender) left as they were.
      for (const x of [oldStranger, kept, unsealed])
        await db
          .updateTable('correspondence')
          .set({ sender_address: 'anna@example.de' })
          .where('id', '=', x.correspondenceId)
          .execute();
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        [oldStranger, kept, unsealed]
          .map((x) => `inbound_altered correspondence:${x.correspondenceId}`)
          .sort(),
      );
      for (const x of [oldStranger, kept, unsealed]) {
        const { detail } = report.problems.find((p) => p.stream === `correspondence:${x.correspondenceId}`)!;
        assert.match(detail, new RegExp(`inbox item ${x.inboxItemId} keeps anna@example\\.de `));
      }
      assert.match(
        report.problems.find((p) => p.stream === `correspondence:${kept.correspondenceId}`)!.detail,
        /it finds mallory@example\.com/,
      );
      assert.match(
        report.problems.find((p) => p.stream === `correspondence:${unsealed.correspondenceId}`)!.detail,
        /which no seal covers/,
      );
      assert.match(
        report.problems.find((p) => p.stream === `correspondence:${oldStranger.correspondenceId}`)!.detail,
        /its seal \(taken before that address was sealed\) does not cover, .*\(it finds eve@example\.com/,
      );
    });
  });

  describe(`archive verify: inbound rows before the seal (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    const receive = (ctx: AppContext, from: string) =>
      receiveEmail(ctx, {
        raw: rawMessage({ from }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });

    /** What a release before the seal wrote: no seal in the events (their chain as it then was), none on the row. */
    async function unseal(caseId: string, correspondenceId: string): Promise<void> {
      await rechain(h, `case:${caseId}`, (p) => {
        delete p.correspondenceSeal;
      });
      await h.test.database.db
        .updateTable('correspondence')
        .set({ content_sha256: null })
        .where('id', '=', correspondenceId)
        .execute();
    }

    it('counts rows written before the seal apart, and still names one deleted', async () => {
      const old = await receive(h.ctx, 'Anna Schmidt <anna@example.de>');
      const gone = await receive(h.ctx, 'Bruno Martin <bruno@example.fr>');
      await unseal(old.caseId!, old.correspondenceId);
      await unseal(gone.caseId!, gone.correspondenceId);
      const upgraded = await verifyArchive(h.ctx);
      assert.deepEqual(upgraded.problems, []);
      assert.equal(upgraded.inbound, 2);
      assert.equal(upgraded.inboundUnsealed, 2);
      const cli = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(cli.code, 0, cli.stdout + cli.stderr);
      assert.match(
        cli.stdout,
        /archive intact: .* 2 inbound items, .* verified; written before they were sealed, so checked for their originals only: 0 outbound, 2 inbound items/,
      );

      await h.test.database.db.deleteFrom('correspondence').where('id', '=', gone.correspondenceId).execute();
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        [`correspondence_missing correspondence:${gone.correspondenceId}`],
      );
      assert.match(report.problems[0]!.detail, new RegExp(`case ${gone.reference} `));
      assert.equal(report.inboundUnsealed, 1);
    });
  });

  describe(`archive verify: anonymised inbound rows (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('verifies an anonymised case whose complaint came by e-mail intact', async () => {
      const received = '2014-03-03T09:00:00.000Z';
      const c = await receiveEmail(at(received), {
        raw: rawMessage({ from: 'Claire Dubois <claire@example.fr>' }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      const { db } = h.test.database;
      const kept = await db
        .selectFrom('correspondence')
        .select('sender_address')
        .where('id', '=', c.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(kept.sender_address, 'claire@example.fr');
      await answerCase(at('2014-03-06T09:00:00.000Z'), c.caseId!, {
        outcome: 'partly_upheld',
        text: 'Nous avons rétabli le domaine en partie.',
        remedy: null,
        actor: 'user:a',
      });
      await actOnCase(
        at('2014-03-07T09:00:00.000Z'),
        c.caseId!,
        { type: 'close', reason: 'Réglé.' },
        'user:a',
      );
      const run = await runRetention(at(NOW), { actor: 'cli' });
      assert.deepEqual(
        run.anonymised.map((a) => a.reference),
        [c.reference],
      );
      const row = await db
        .selectFrom('correspondence')
        .select(['redacted', 'text_body', 'sender_address'])
        .where('id', '=', c.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(row.redacted, 1);
      assert.equal(row.sender_address, null);
      const report = await verifyArchive(at(NOW));
      assert.deepEqual(report.problems, []);

      // An address put back on the anonymised row, which its seal no longer covers: named.
      await db
        .updateTable('correspondence')
        .set({ sender_address: 'claire@example.fr' })
        .where('id', '=', c.correspondenceId)
        .execute();
      const after = await verifyArchive(at(NOW));
      assert.deepEqual(
        after.problems.map((p) => `${p.kind} ${p.stream}`),
        [`inbound_altered correspondence:${c.correspondenceId}`],
      );
      assert.match(after.problems[0]!.detail, new RegExp(`case ${c.reference} was anonymised`));
    });
  });

  describe(`archive verify: inbound items of every door are sealed (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('seals an e-mail opening a case, one filed on it, one put in the inbox, a letter and a web complaint', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const email = (spec: Parameters<typeof rawMessage>[0]) =>
        receiveEmail(h.ctx, { raw: rawMessage(spec), mailbox, door: 'pipe' });
      const opened = await email({ from: 'Anna Schmidt <anna@example.de>' });
      const filed = await email({
        from: 'Anna Schmidt <anna@example.de>',
        subject: `Re: ${opened.reference}`,
        body: 'Bonjour,\n\nToujours rien.\n',
      });
      const inbox = await email({
        from: 'Mallory <mallory@example.com>',
        subject: `About ${opened.reference}`,
      });
      assert.equal(filed.filing, 'filed_on_case');
      assert.equal(inbox.filing, 'inbox');
      const letter = await registerLetter(
        h.ctx,
        {
          arrived: '2026-12-04',
          title: 'Transmission de réclamation - Etape 1',
          complainant: {
            name: 'Jean Martin',
            postalAddress: ['Jean Martin', '12 rue de la Paix', '75002 Paris'],
          },
          language: 'fr',
          ticketRefs: ['482913'],
          domains: [],
          description: 'Mon site est hors ligne depuis la migration.',
          expectations: null,
        },
        {
          content: Buffer.from('%PDF-1.4\n% scan of a letter\n%%EOF\n', 'latin1'),
          contentType: 'application/pdf',
          filename: 'scan.pdf',
        },
        'user:clerk',
      );
      const web = await submitComplaint(
        h.ctx,
        {
          complainant: { name: 'Erika Mustermann', email: 'erika@example.de' },
          language: 'de',
          description: 'Seit dem Umzug am 12. November ist meine Domain nicht erreichbar.',
          expectations: null,
        },
        { channel: 'web', actor: 'web:test' },
      );
      const { db } = h.test.database;
      const rows = await db
        .selectFrom('correspondence')
        .select(['id', 'channel', 'content_sha256'])
        .where('direction', '=', 'in')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.id).sort(),
        [
          ...[opened, filed, inbox, letter].map((x) => x.correspondenceId),
          ...rows.filter((r) => r.channel === 'web').map((r) => r.id),
        ].sort(),
      );
      assert.ok(web.caseId);
      assert.deepEqual(rows.map((r) => r.channel).sort(), ['email', 'email', 'email', 'letter', 'web']);
      // Each row's seal is carried by an event of its case or inbox item.
      const events = await db.selectFrom('events').select(['stream', 'payload']).execute();
      for (const r of rows) {
        assert.ok(r.content_sha256, `row ${r.id} (${r.channel}) is sealed`);
        const anchors = events.filter((e) => {
          const p = JSON.parse(e.payload) as { correspondenceId?: string; correspondenceSeal?: string };
          return p.correspondenceId === r.id && p.correspondenceSeal === r.content_sha256;
        });
        assert.equal(anchors.length, 1, `row ${r.id} (${r.channel}): one event carries its seal`);
      }
      const clean = await verifyArchive(h.ctx);
      assert.deepEqual(clean.problems, []);
      assert.equal(clean.inboundUnsealed, 0);

      // Each one's text changed, with the row's own copy recomputed: each is named.
      for (const r of rows) await forge(h, r.id, { subject: 'Rien à signaler' });
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        rows.map((r) => `inbound_altered correspondence:${r.id}`).sort(),
      );
    });
  });
}
