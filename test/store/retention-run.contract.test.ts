// The retention run (P6.3) on SQLite and PostgreSQL, over a register with closed, open and held cases across
// several years, all received as e-mail (originals, acknowledgements, answers with attachments, search entries,
// automatic-mail counters): the due cases are anonymised and nothing else; no address or name of an anonymised
// complainant survives anywhere in the database (every table and column read as text, blobs included); an original
// shared with a kept case stays; `archive verify` still verifies; the report figures of past periods are the same;
// a second run changes nothing. Inbox items on no case (an auto-reply dismissed, a message reclassified) go when
// their period after handling has run; one awaiting triage, or one from a held complainant's address, stays. And a run killed (SIGKILL) in the middle of many cases leaves every case whole or
// untouched, and the next run finishes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { withAuditChain } from '../../src/adapters/db/audit-chain.repo.ts';
import { indexSearchDocs } from '../../src/adapters/db/search.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { liftLegalHold, setLegalHold } from '../../src/app/legal-hold.ts';
import { openCase } from '../../src/app/open-case.ts';
import { listRetention } from '../../src/app/plan-retention.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { runRetention, startRetentionSchedule } from '../../src/app/run-retention.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { loadConfig } from '../../src/config.ts';
import { ANONYMISED } from '../../src/core/archive/retention.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import { whereFound } from '../support/where-found.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const NOW = '2026-12-05T12:00:00.000Z';

for (const engine of ENGINES) {
  describe(`retention run (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(async () => {
      await h.close();
    });

    async function mail(receivedAt: string, from: string, name: string, extra = '') {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(at(receivedAt), {
        raw: rawMessage({
          from: `${name} <${from}>`,
          date: new Date(receivedAt).toUTCString(),
          body: [
            'Bonjour,',
            '',
            `Nom : ${name}`,
            `Courriel : ${from}`,
            'Ticket n° 482913',
            '',
            `Mon domaine ${from.split('@')[0]}-boutique.fr ne répond plus depuis la migration. ${extra}`,
            '',
            'J’attends que le domaine soit rétabli.',
            '',
            name,
          ].join('\r\n'),
        }),
        mailbox,
        door: 'pipe',
      });
      assert.ok(r.caseId, 'a case is opened');
      return { id: r.caseId!, reference: r.reference! };
    }
    async function answerAndClose(
      caseId: string,
      answeredAt: string,
      closedAt: string,
      attachments: { filename: string; content: Uint8Array }[] = [],
      record: { remedy: string; note: string; amount?: string } | null = null,
    ) {
      await answerCase(at(answeredAt), caseId, {
        outcome: 'upheld',
        text: 'Le domaine est rétabli, avec nos excuses.',
        remedy: record?.remedy ?? null,
        ...(record ? { rootCause: 'our_error', rootCauseNote: record.note } : {}),
        ...(record?.amount ? { remedyAmount: record.amount, remedyCurrency: 'EUR' } : {}),
        attachments: attachments.map((a) => ({ ...a, contentType: 'application/pdf' })),
        actor: 'user:a',
      });
      await actOnCase(at(closedAt), caseId, { type: 'close', reason: 'Réglé.' }, 'user:a');
    }
    /** Automated mail from `from` (an out-of-office reply): it waits in the triage inbox, on no case. */
    async function inboxMail(receivedAt: string, from: string, name: string, words: string) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(at(receivedAt), {
        raw: rawMessage({
          from: `${name} <${from}>`,
          subject: `Abwesenheitsnotiz: ${name}`,
          date: new Date(receivedAt).toUTCString(),
          headers: { 'Auto-Submitted': 'auto-replied' },
          body: `Ich bin bis Montag nicht erreichbar. ${words}\n\n${name}\n${from}`,
        }),
        mailbox,
        door: 'pipe',
      });
      assert.ok(r.inboxItemId && !r.caseId, 'it waits in the inbox');
      return r.inboxItemId!;
    }
    const pdf = (s: string) => new TextEncoder().encode(`%PDF-1.4\n% ${s}\n%%EOF\n`);
    const years = [
      { from: '2015-01-01', to: '2015-12-31' },
      { from: '2017-01-01', to: '2017-12-31' },
      { from: '2018-01-01', to: '2018-12-31' },
      { from: '2023-01-01', to: '2023-12-31' },
      { from: '2024-01-01', to: '2024-12-31' },
    ];
    const reports = async () => Promise.all(years.map((p) => reportCases(at(NOW), p)));

    it('anonymises the due cases, keeps the others, and the chains and figures hold', async () => {
      const db = h.test.database.db;
      // Due: closed in 2017 (retention ended on 1 January 2024), its complainant has no other case.
      const gone = await mail('2017-03-01T09:00:00.000Z', 'annabel.quixote@example.net', 'Annabel Quixote');
      const shared = pdf('conditions générales 2017');
      await answerAndClose(
        gone.id,
        '2017-03-10T09:00:00.000Z',
        '2017-06-01T09:00:00.000Z',
        [
          { filename: 'avoir-quixote.pdf', content: pdf('avoir Quixote') },
          { filename: 'conditions.pdf', content: shared },
        ],
        { remedy: 'Avoir pour Mme Quixote', note: 'Zone de Mme Quixote perdue' },
      );
      // Due, but the same person has a case closed in 2024 (kept): the case goes, the record stays.
      const twice1 = await mail('2018-01-15T09:00:00.000Z', 'emil.zweimal@example.net', 'Emil Zweimal');
      await answerAndClose(twice1.id, '2018-01-20T09:00:00.000Z', '2018-02-01T09:00:00.000Z', [], {
        remedy: 'Gutschrift für Herrn Zweimal',
        note: 'Zweimal abgebucht',
        amount: '150.00',
      });
      const twice2 = await mail(
        '2024-03-01T09:00:00.000Z',
        'emil.zweimal@example.net',
        'Emil Zweimal',
        'Encore.',
      );
      await answerAndClose(twice2.id, '2024-03-05T09:00:00.000Z', '2024-04-01T09:00:00.000Z', [
        { filename: 'conditions.pdf', content: shared },
      ]);
      // Period over, but under a legal hold: kept.
      const held = await mail('2018-02-01T09:00:00.000Z', 'bernd.gehalten@example.net', 'Bernd Gehalten');
      await answerAndClose(held.id, '2018-02-10T09:00:00.000Z', '2018-05-01T09:00:00.000Z');
      await setLegalHold(at(NOW), { caseRef: held.reference }, 'Procès en cours', {
        actor: 'user:legal',
        label: 'legal@example.org',
        address: null,
      });
      // Open since 2018: never due while open. Closed in 2023: not yet due.
      const open = await mail('2018-04-01T09:00:00.000Z', 'carla.offen@example.net', 'Carla Offen');
      const recent = await mail('2023-01-10T09:00:00.000Z', 'dora.neu@example.net', 'Dora Neu');
      await answerAndClose(recent.id, '2023-01-20T09:00:00.000Z', '2023-02-01T09:00:00.000Z');

      // A letter (2016): a scan, the postal address, a printed acknowledgement with the address in its window.
      const letter = await registerLetter(
        at('2016-05-03T09:00:00.000Z'),
        {
          arrived: '2016-05-02',
          title: 'Transmission de réclamation - Etape 1',
          complainant: {
            name: 'Quirin Rübezahl',
            postalAddress: ['Quirin Rübezahl', '7 Zauberweg', '12345 Waldstadt'],
          },
          language: 'de',
          ticketRefs: [],
          domains: [],
          description: 'Mein Server im Zauberweg ist ausgefallen.',
          expectations: null,
        },
        {
          content: pdf('Brief von Quirin Rübezahl, Zauberweg'),
          contentType: 'application/pdf',
          filename: 'scan.pdf',
        },
        'user:clerk',
      );
      await actOnCase(
        at('2016-06-01T09:00:00.000Z'),
        letter.caseId!,
        { type: 'close', reason: 'Erledigt.' },
        'user:a',
      );

      // Inbox items on no case. Hers: an out-of-office reply dismissed in 2017 (the reason names her), and a message
      // reclassified as misdirected in 2018 (the note names her): both due. A stranger's message never triaged: still
      // work, kept. A message from Dora's address dismissed in 2017: her record is under a legal hold, kept.
      const autoReply = await inboxMail(
        '2017-03-02T09:00:00.000Z',
        'annabel.quixote@example.net',
        'Annabel Quixote',
        'Quixote-Urlaub',
      );
      await handleInboxItem(
        at('2017-03-03T09:00:00.000Z'),
        autoReply,
        { type: 'dismiss', reason: 'Abwesenheitsnotiz von Annabel Quixote' },
        'user:a',
      );
      const misdirected = await inboxMail(
        '2018-07-01T09:00:00.000Z',
        'annabel.quixote@example.net',
        'Annabel Quixote',
        'Quixote-Irrläufer',
      );
      await handleInboxItem(
        at('2018-07-02T09:00:00.000Z'),
        misdirected,
        { type: 'reclassify', reason: 'misdirected', note: 'Frau Quixote meinte ihre Bank' },
        'user:a',
      );
      const untriaged = await inboxMail(
        '2016-02-01T09:00:00.000Z',
        'olga.ungelesen@example.net',
        'Olga Ungelesen',
        '',
      );
      const heldSender = await inboxMail('2017-05-01T09:00:00.000Z', 'dora.neu@example.net', 'Dora Neu', '');
      await handleInboxItem(
        at('2017-05-02T09:00:00.000Z'),
        heldSender,
        { type: 'dismiss', reason: 'Abwesenheitsnotiz' },
        'user:a',
      );
      await setLegalHold(at(NOW), { complainantEmail: 'dora.neu@example.net' }, 'Prüfung der Aufsicht', {
        actor: 'user:legal',
        label: 'legal@example.org',
        address: null,
      });

      const figures = await reports();
      const listing = await listRetention(at(NOW));
      assert.deepEqual(
        listing.inbox.due.map((d) => [d.id, d.status, d.handledOn, d.endsOn]),
        [
          [autoReply, 'dismissed', '2017-03-03', '2024-01-01'],
          [misdirected, 'reclassified', '2018-07-02', '2025-01-01'],
        ],
      );
      assert.deepEqual(
        listing.inbox.held.map((d) => [d.id, d.hold.reason]),
        [[heldSender, 'Prüfung der Aufsicht']],
      );
      assert.deepEqual(
        listing.due.map((d) => d.reference).sort(),
        [gone.reference, twice1.reference, letter.reference!].sort(),
      );
      assert.deepEqual(
        listing.held.map((d) => d.reference),
        [held.reference],
      );
      const keptNeedles = [
        'bernd.gehalten@example.net',
        'carla.offen@example.net',
        'dora.neu@example.net',
        'emil.zweimal@example.net',
      ];
      // A hold on her record set and lifted (the audit log names her address, the hold her name), and a counter
      // of automatic mail to her address as flood protection leaves it for a day she wrote.
      const legal = { actor: 'user:legal', label: 'legal@example.org', address: null };
      await setLegalHold(
        at(NOW),
        { complainantEmail: 'annabel.quixote@example.net' },
        'Anfrage Quixote',
        legal,
      );
      await liftLegalHold(at(NOW), { complainantEmail: 'annabel.quixote@example.net' }, 'Erledigt', legal);
      await db
        .insertInto('auto_reply_counts')
        .values({ sender: 'annabel.quixote@example.net', day: '2026-12-05', count: 1 })
        .execute();
      const before = await whereFound(db, engine, ['annabel.quixote@example.net', 'Quixote']);
      for (const where of [
        'audit_log.target_label',
        'auto_reply_counts.sender',
        'case_keys.value',
        'cases.remedy',
        'cases.root_cause_note',
        'complainants.email',
        'complainants.name',
        'correspondence.from_address',
        'correspondence.reading',
        'correspondence.text_body',
        'correspondence.to_address',
        'events.payload',
        'legal_holds.reason',
        'originals.content',
        'outbound_items.attachments',
        'search_docs.body',
        'streams.state',
      ])
        assert.ok(before.includes(where), `before the run, the scan finds her in ${where}`);

      const letterBefore = await whereFound(db, engine, ['Rübezahl', 'Zauberweg']);
      for (const where of [
        'complainants.name',
        'correspondence.reading',
        'events.payload',
        'originals.content',
      ])
        assert.ok(letterBefore.includes(where), `before the run, the letter's sender is in ${where}`);
      // SQLite: the background indexer has put the documents in the full-text index.
      await indexSearchDocs(h.test.database, 100_000);
      const env = { REDRESS_DATABASE_URL: h.test.url };
      const run = await runRedress(['retention', 'run'], Buffer.alloc(0), env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`anonymised ${gone.reference}: .*complainant record anonymised`));
      assert.match(run.stdout, new RegExp(`anonymised ${twice1.reference}: .*complainant record kept`));
      assert.match(run.stdout, /3 case\(s\) anonymised, 0 left, 1 held/);
      assert.match(run.stdout, new RegExp(`anonymised inbox item ${autoReply}: handled 2017-03-03`));
      assert.match(run.stdout, /2 inbox item\(s\) on no case anonymised, 1 held/);

      // Nothing of the anonymised complainant survives, in any table or column.
      assert.deepEqual(
        await whereFound(db, engine, ['annabel.quixote@example.net', 'Quixote', 'annabel']),
        [],
      );
      // The kept ones are all still there (the scan would see them).
      for (const n of keptNeedles)
        assert.ok((await whereFound(db, engine, [n])).includes('complainants.email'), `${n} is kept`);
      // The inbox items stay as rows (what was done with them, and when); the message awaiting triage and the one
      // from the held complainant's address keep everything.
      const items = await db
        .selectFrom('inbox_items as i')
        .innerJoin('correspondence as c', 'c.id', 'i.correspondence_id')
        .select(['i.id', 'i.status', 'c.from_address', 'c.redacted'])
        .where('i.id', 'in', [autoReply, misdirected, untriaged, heldSender])
        .execute();
      assert.deepEqual(
        new Map(items.map((i) => [i.id, [i.status, i.from_address, i.redacted]])),
        new Map([
          [autoReply, ['dismissed', null, 1]],
          [misdirected, ['reclassified', null, 1]],
          [untriaged, ['open', 'olga.ungelesen@example.net', 0]],
          [heldSender, ['dismissed', 'dora.neu@example.net', 0]],
        ]),
      );
      // Of the case whose complainant is kept, nothing in the case's own rows: correspondence and events redacted.
      const twice1Texts = await db
        .selectFrom('correspondence')
        .select(['subject', 'from_address', 'to_address', 'text_body', 'reading', 'original_sha256'])
        .where('case_id', '=', twice1.id)
        .execute();
      assert.ok(twice1Texts.length >= 3, 'complaint, acknowledgement, answer');
      for (const c of twice1Texts)
        assert.deepEqual(
          [c.subject, c.from_address, c.to_address, c.text_body, c.reading, c.original_sha256],
          [ANONYMISED, null, null, null, null, null],
        );
      const events = await db
        .selectFrom('events')
        .select(['payload', 'redacted'])
        .where('stream', '=', `case:${twice1.id}`)
        .execute();
      assert.ok(events.every((e) => e.redacted === 1 && !/Zweimal|zweimal|482913|boutique/.test(e.payload)));
      // The money offered is not personal: finance still counts it, in the events and in the register's columns.
      const answered = events.map((e) => JSON.parse(e.payload)).find((p) => p.outcome === 'upheld');
      assert.deepEqual(
        [answered.remedy, answered.remedyAmount],
        [ANONYMISED, { value: '150.00', currency: 'EUR' }],
      );
      const register = await db
        .selectFrom('cases')
        .select(['remedy', 'remedy_amount', 'remedy_currency', 'root_cause', 'root_cause_note'])
        .where('id', '=', twice1.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(register, {
        remedy: ANONYMISED,
        remedy_amount: '150.00',
        remedy_currency: 'EUR',
        root_cause: 'our_error',
        root_cause_note: ANONYMISED,
      });

      // The shared attachment stays (the kept 2024 case sends it too); the one of the anonymised case alone went.
      const originalsOf = async (caseId: string) =>
        (
          await db
            .selectFrom('outbound_items')
            .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
            .select('outbound_items.attachments')
            .where('correspondence.case_id', '=', caseId)
            .execute()
        ).flatMap((r) => JSON.parse(r.attachments) as { sha256: string; filename: string }[]);
      assert.deepEqual(await originalsOf(gone.id), []);
      const keptAttachment = (await originalsOf(twice2.id)).find((a) => a.filename === 'conditions.pdf')!;
      assert.ok(
        await db
          .selectFrom('originals')
          .select('sha256')
          .where('sha256', '=', keptAttachment.sha256)
          .executeTakeFirst(),
      );

      // The kept cases are as they were; the anonymised ones keep their dimensions.
      const rows = await db
        .selectFrom('cases')
        .select(['id', 'subject', 'status', 'outcome', 'received_at'])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const k of [held, open, recent, twice2]) assert.notEqual(byId.get(k.id)!.subject, ANONYMISED);
      for (const g of [gone, twice1]) {
        assert.equal(byId.get(g.id)!.subject, ANONYMISED);
        assert.equal(byId.get(g.id)!.outcome, 'upheld');
        assert.equal(byId.get(g.id)!.status, 'closed');
      }

      // The chains verify, the figures of past periods are the same, the run is in the audit log.
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
      assert.deepEqual(await reports(), figures);
      const verified = await runRedress(['archive', 'verify'], Buffer.alloc(0), env);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);

      // A second run has nothing to do, and the dry run lists nothing due.
      const again = await runRetention(at(NOW), { actor: 'cli' });
      assert.deepEqual(again.anonymised, []);
      assert.deepEqual(again.inboxAnonymised, []);
      assert.deepEqual((await listRetention(at(NOW))).due, []);
      assert.deepEqual((await listRetention(at(NOW))).inbox.due, []);
      assert.deepEqual(await reports(), figures);
    });

    it('a case reopened after it was anonymised holds new personal data: it is due again after its new period', async () => {
      const db = h.test.database.db;
      const c = await openCase(at('2013-02-04T09:00:00.000Z'), complaintAt('2013-02-04T09:00:00.000Z'));
      await actOnCase(
        at('2013-03-01T09:00:00.000Z'),
        c.caseId,
        { type: 'close', reason: 'Réglé.' },
        'user:a',
      );
      const first = await runRetention(at(NOW), { actor: 'cli' });
      assert.ok(first.anonymised.some((a) => a.reference === c.reference));
      await actOnCase(
        at('2026-12-07T09:00:00.000Z'),
        c.caseId,
        { type: 'reopen', reason: 'Frau Wiederkehr ruft wegen derselben Sache an' },
        'user:a',
      );
      await actOnCase(
        at('2026-12-08T09:00:00.000Z'),
        c.caseId,
        { type: 'close', reason: 'Erneut erledigt.' },
        'user:a',
      );
      const words = async () =>
        (await db.selectFrom('events').select('payload').where('stream', '=', `case:${c.caseId}`).execute())
          .map((e) => e.payload)
          .join(' ');
      assert.match(await words(), /Wiederkehr/);
      // Not due before its new period has passed; due, and anonymised again, after.
      assert.ok(
        !(await listRetention(at('2032-12-31T12:00:00.000Z'))).due.some((d) => d.reference === c.reference),
      );
      const later = at('2033-01-02T12:00:00.000Z');
      assert.ok((await listRetention(later)).due.some((d) => d.reference === c.reference));
      const again = await runRetention(later, { actor: 'cli' });
      assert.ok(again.anonymised.some((a) => a.reference === c.reference));
      assert.doesNotMatch(await words(), /Wiederkehr|Erneut/);
      const person = await db
        .selectFrom('complainants')
        .select(['name', 'email'])
        .innerJoin('cases', 'cases.complainant_id', 'complainants.id')
        .where('cases.id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(person, { name: null, email: null });
      assert.deepEqual((await verifyArchive(later)).problems, []);
    });

    it('a run killed in the middle leaves each case whole or untouched, and the next run finishes', async () => {
      const db = h.test.database.db;
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) {
        const receivedAt = new Date(Date.UTC(2015, 0, 5, 9, 0, i)).toISOString();
        const c = await openCase(at(receivedAt), complaintAt(receivedAt));
        await actOnCase(
          at('2015-06-01T09:00:00.000Z'),
          c.caseId,
          { type: 'close', reason: 'Réglé.' },
          'user:a',
        );
        ids.push(c.caseId);
      }
      const figures = await reports();
      const anonymised = async () =>
        Number(
          (
            await sql<{
              n: number | string;
            }>`select count(*) as n from cases where anonymised_at is not null`.execute(db)
          ).rows[0]!.n,
        );
      const startedWith = await anonymised();
      const child = spawn(process.execPath, [bin, 'retention', 'run'], {
        env: { ...process.env, REDRESS_DATABASE_URL: h.test.url },
        stdio: 'ignore',
      });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      while ((await anonymised()) < startedWith + 10 && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await exited;
      const done = (await anonymised()) - startedWith;
      assert.ok(done >= 10 && done < 120, `killed part-way (${done} of 120 done)`);

      // Each case is either wholly anonymised or untouched.
      const cases = await sql<{ id: string; subject: string; anonymised_at: string | null }>`
        select id, subject, anonymised_at from cases`.execute(db);
      const events = await db.selectFrom('events').select(['stream', 'redacted']).execute();
      const redactedOf = new Map<string, number[]>();
      for (const e of events) redactedOf.set(e.stream, [...(redactedOf.get(e.stream) ?? []), e.redacted]);
      for (const c of cases.rows.filter((x) => ids.includes(x.id))) {
        const flags = redactedOf.get(`case:${c.id}`)!;
        if (c.anonymised_at) {
          assert.equal(c.subject, ANONYMISED);
          assert.ok(flags.every((f) => f === 1));
        } else {
          assert.notEqual(c.subject, ANONYMISED);
          assert.ok(
            flags.every((f) => f === 0),
            'no event of an untouched case is redacted',
          );
        }
      }
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);

      const rest = await runRedress(['retention', 'run'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(rest.code, 0, rest.stderr);
      assert.equal(await anonymised(), startedWith + 120);
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
      assert.deepEqual(await reports(), figures);
    });

    it('the worker runs it once a day when configuration switches it on (off by default)', async () => {
      assert.equal(loadConfig({ env: {} }).retention.enabled, false);
      const config = loadConfig({ env: { REDRESS_RETENTION_ENABLED: 'true' } });
      assert.equal(config.retention.enabled, true);
      const ctx = createAppContext(config, h.test.database, {
        clock: fixedClock('2026-12-06T08:00:00.000Z'),
      });
      const c = await openCase(at('2014-02-03T09:00:00.000Z'), complaintAt('2014-02-03T09:00:00.000Z'));
      await actOnCase(
        at('2014-03-01T09:00:00.000Z'),
        c.caseId,
        { type: 'close', reason: 'Réglé.' },
        'user:a',
      );
      const silent = { error() {}, info() {} };
      const schedule = startRetentionSchedule(ctx, silent, { firstCheckAfterMs: 3_600_000 });
      try {
        const first = await schedule.runToday();
        assert.deepEqual(
          first?.anonymised.map((a) => a.reference),
          [c.reference],
        );
        // The day is taken: the next check the same day (or another instance) leaves it.
        assert.equal(await schedule.runToday(), null);
      } finally {
        await schedule.stop();
      }
      const audit = await withAuditChain(h.test.database.db)
        .selectFrom('audit_log')
        .select(['actor', 'target_label'])
        .where('action', '=', 'case_anonymised')
        .where('target_id', '=', c.caseId)
        .execute();
      assert.deepEqual(audit, [{ actor: 'system', target_label: c.reference }]);
    });
  });
}
