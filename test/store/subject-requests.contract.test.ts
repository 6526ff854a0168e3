// A data subject's requests (P6.3) on SQLite and PostgreSQL, through `redress subject export|erase` and the use
// cases behind them. One person with four cases received as e-mail (closed long ago, open, closed long ago but
// under a legal hold, closed last year) and another with one case closed long ago. The export holds every case,
// every original byte for byte (SHA-256) and every outbound item; it is audited. The erasure (dry run first)
// anonymises what retention lets go, keeps the rest with why and until when, leaves no address of the erased in
// any table, keeps the chains verifying and the figures unchanged, and a second request erases nothing more. Their
// messages on no case (an out-of-office reply dismissed, a message still awaiting triage) are in the export with
// their originals; the erasure erases the handled one now and keeps the other, saying why.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { indexSearchDocs } from '../../src/adapters/db/search.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { setLegalHold } from '../../src/app/legal-hold.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';
import { whereFound } from '../support/where-found.ts';

// The command line runs on the real clock: the test's clock is the same day.
const NOW = `${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`;
const YEAR = Number(NOW.slice(0, 4));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

for (const engine of ENGINES) {
  describe(`data-subject requests (${engine})`, () => {
    let h: Harness;
    let folder: string;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
      folder = mkdtempSync(join(tmpdir(), 'redress-subject-'));
    });
    after(async () => {
      await h.close();
      rmSync(folder, { recursive: true, force: true });
    });

    async function mail(receivedAt: string, from: string, name: string, words: string) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(at(receivedAt), {
        raw: rawMessage({
          from: `${name} <${from}>`,
          date: new Date(receivedAt).toUTCString(),
          body: ['Bonjour,', '', `Nom : ${name}`, `Courriel : ${from}`, '', words, '', name].join('\r\n'),
        }),
        mailbox,
        door: 'pipe',
      });
      assert.ok(r.caseId, 'a case is opened');
      return { id: r.caseId!, reference: r.reference! };
    }
    /** Automated mail from `from` (an out-of-office reply): it waits in the triage inbox, on no case. */
    async function inboxMail(receivedAt: string, from: string, name: string, words: string) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(at(receivedAt), {
        raw: rawMessage({
          from: `${name} <${from}>`,
          subject: `Absence : ${name}`,
          date: new Date(receivedAt).toUTCString(),
          headers: { 'Auto-Submitted': 'auto-replied' },
          body: `Je suis absente. ${words}\n\n${name}`,
        }),
        mailbox,
        door: 'pipe',
      });
      assert.ok(r.inboxItemId && !r.caseId, 'it waits in the inbox');
      return r.inboxItemId!;
    }
    async function answerAndClose(caseId: string, answeredAt: string, closedAt: string, attachment?: string) {
      await answerCase(at(answeredAt), caseId, {
        outcome: 'upheld',
        text: 'Nous avons corrigé la facture, avec nos excuses.',
        remedy: null,
        attachments: attachment
          ? [
              {
                filename: 'avoir.pdf',
                contentType: 'application/pdf',
                content: new TextEncoder().encode(`%PDF-1.4\n% ${attachment}\n%%EOF\n`),
              },
            ]
          : [],
        actor: 'user:a',
      });
      await actOnCase(at(closedAt), caseId, { type: 'close', reason: 'Réglé.' }, 'user:a');
    }
    const periods = [
      { from: '2017-01-01', to: '2017-12-31' },
      { from: '2018-01-01', to: '2018-12-31' },
      { from: `${YEAR - 2}-01-01`, to: `${YEAR}-12-31` },
    ];
    const reports = () => Promise.all(periods.map((p) => reportCases(at(NOW), p)));

    it('exports everything held, erases what may go, says why the rest is kept, and verifies', async () => {
      const db = h.test.database.db;
      const zoe = 'zoe.loeschen@example.net';
      // Closed in 2017: retention (six years from the end of the year) ended on 1 January 2024.
      const old = await mail('2017-03-01T09:00:00.000Z', zoe, 'Zoé Löschen', 'Facture Fenster-4711 erronée.');
      await answerAndClose(
        old.id,
        '2017-03-10T09:00:00.000Z',
        '2017-06-01T09:00:00.000Z',
        'avoir Fenster-4711',
      );
      // Open since two years ago: needed to answer.
      const open = await mail(`${YEAR - 2}-02-01T09:00:00.000Z`, zoe, 'Zoé Löschen', 'Colis Tür-0815 perdu.');
      // Closed in 2018, period over, but a legal hold on the case.
      const held = await mail('2018-02-01T09:00:00.000Z', zoe, 'Zoé Löschen', 'Litige Dach-2020.');
      await answerAndClose(held.id, '2018-02-10T09:00:00.000Z', '2018-05-01T09:00:00.000Z');
      await setLegalHold(at(NOW), { caseRef: held.reference }, 'Procès en cours au tribunal', {
        actor: 'user:legal',
        label: 'legal@example.org',
        address: null,
      });
      // Closed last year (1 April): kept until 1 January, six years after the end of that year.
      const recent = await mail(`${YEAR - 1}-03-01T09:00:00.000Z`, zoe, 'Zoé Löschen', 'Retard Keller-3030.');
      await answerAndClose(recent.id, `${YEAR - 1}-03-05T09:00:00.000Z`, `${YEAR - 1}-04-01T09:00:00.000Z`);
      // Another person, one case closed in 2017: everything goes, the record too.
      const erik = 'erik.vergessen@example.net';
      const gone = await mail('2017-05-01T09:00:00.000Z', erik, 'Erik Vergessen', 'Panne Garten-9090.');
      await answerAndClose(
        gone.id,
        '2017-05-10T09:00:00.000Z',
        '2017-07-01T09:00:00.000Z',
        'avoir Garten-9090',
      );
      // Her messages on no case: an out-of-office reply dismissed in 2019 (from her address in capitals), and one
      // from last month still awaiting triage. Erik's out-of-office reply, dismissed.
      const zoeAway = await inboxMail(
        '2019-08-01T09:00:00.000Z',
        zoe.toUpperCase(),
        'Zoé Löschen',
        'Urlaub-5151',
      );
      await handleInboxItem(
        at('2019-08-02T09:00:00.000Z'),
        zoeAway,
        { type: 'dismiss', reason: 'Réponse automatique de Zoé Löschen' },
        'user:a',
      );
      const zoeWaiting = await inboxMail(`${YEAR}-01-02T09:00:00.000Z`, zoe, 'Zoé Löschen', 'Frage-6262');
      const erikAway = await inboxMail('2018-03-01T09:00:00.000Z', erik, 'Erik Vergessen', 'Reise-7373');
      await handleInboxItem(
        at('2018-03-02T09:00:00.000Z'),
        erikAway,
        { type: 'dismiss', reason: 'Abwesenheitsnotiz' },
        'user:a',
      );
      await indexSearchDocs(h.test.database, 100_000);
      const env = { REDRESS_DATABASE_URL: h.test.url };

      // -- export ------------------------------------------------------------------------------------------------
      const out = join(folder, 'zoe.zip');
      const exported = await runRedress(
        ['subject', 'export', zoe.toUpperCase(), '--out', out],
        Buffer.alloc(0),
        env,
      );
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /4 case\(s\)/);
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const data = JSON.parse(Buffer.from(files['complainant.json']!).toString('utf8'));
      assert.equal(data.complainant.details.email, zoe);
      assert.deepEqual(
        data.cases.map((c: { state: { reference: string } }) => c.state.reference).sort(),
        [old.reference, open.reference, held.reference, recent.reference].sort(),
      );
      // Her messages on no case, with their histories (the dismissal's reason), and their originals in the ZIP.
      assert.deepEqual(
        data.inboxItems.map((i: { state: { id: string; status: string } }) => [i.state.id, i.state.status]),
        [
          [zoeAway, 'dismissed'],
          [zoeWaiting, 'open'],
        ],
      );
      assert.match(JSON.stringify(data.inboxItems[0].history), /Réponse automatique de Zoé Löschen/);
      const inboxFiles = Object.keys(files).filter((p) => p.startsWith('inbox/'));
      assert.equal(inboxFiles.length, 2);
      assert.ok(inboxFiles.some((p) => p.startsWith(`inbox/2019-08-01-${zoeAway}/originals/`)));
      // Every original as received, byte for byte: the sum in the JSON, the archive's bytes and the file agree.
      const inbound = data.correspondence.filter((c: { direction: string }) => c.direction === 'in');
      assert.equal(inbound.length, 6, 'four complaints, two messages on no case');
      assert.ok(
        inbound.some(
          (c: { file: string; text: string }) => c.text.includes('Frage-6262') && inboxFiles.includes(c.file),
        ),
      );
      for (const c of inbound) {
        assert.ok(c.original && c.file, `${c.id} has its original in the ZIP`);
        const bytes = files[c.file]!;
        assert.equal(sha(bytes), c.original.sha256);
        const stored = await db
          .selectFrom('originals')
          .select('content')
          .where('sha256', '=', c.original.sha256)
          .executeTakeFirstOrThrow();
        assert.deepEqual(Buffer.from(bytes), Buffer.from(stored.content));
      }
      // Outbound items as sent: acknowledgements and answers, as e-mails; the answer's attachment too.
      const outbound = Object.keys(files).filter((p) => /^cases\/[^/]+\/outbound\/\d{3}-.*\.eml$/.test(p));
      const outRows = await db
        .selectFrom('correspondence')
        .select('id')
        .where('direction', '=', 'out')
        .where('case_id', 'in', [old.id, open.id, held.id, recent.id])
        .execute();
      assert.equal(outbound.length, outRows.length);
      assert.ok(outbound.length >= 7, 'four acknowledgements and three answers');
      assert.ok(
        Object.keys(files).some(
          (p) => p.startsWith(`cases/${old.reference}/outbound/`) && p.endsWith('avoir.pdf'),
        ),
      );
      // The manifest and SHA256SUMS name every file with its sum.
      const sums = Buffer.from(files.SHA256SUMS!).toString('utf8').trim().split('\n');
      for (const line of sums) {
        const [sum, path] = line.split('  ');
        assert.equal(sha(files[path!]!), sum, path);
      }
      assert.equal(sums.length, Object.keys(files).length - 1);
      // A ZIP that cannot be written (its folder does not exist): not recorded as an export.
      const unwritable = await runRedress(
        ['subject', 'export', zoe, '--out', join(folder, 'no-such-folder', 'zoe.zip')],
        Buffer.alloc(0),
        env,
      );
      assert.notEqual(unwritable.code, 0, 'the file could not be written');
      const exportAudit = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'personal_data_exported')
        .execute();
      assert.equal(exportAudit.length, 1);
      assert.equal(exportAudit[0]!.actor, 'cli');
      assert.equal(exportAudit[0]!.target_id, data.complainant.id);

      // -- dry run: lists, changes nothing -----------------------------------------------------------------------
      const figures = await reports();
      const fingerprint = async () =>
        JSON.stringify([
          await db
            .selectFrom('events')
            .select(['stream', 'seq', 'hash', 'payload'])
            .orderBy('stream')
            .orderBy('seq')
            .execute(),
          await db
            .selectFrom('correspondence')
            .select(['id', 'from_address', 'text_body'])
            .orderBy('id')
            .execute(),
          await db.selectFrom('audit_log').select(['id', 'detail', 'target_label']).orderBy('id').execute(),
          await db.selectFrom('originals').select('sha256').orderBy('sha256').execute(),
        ]);
      const untouched = await fingerprint();
      const dry = await runRedress(
        ['subject', 'erase', zoe, '--reason', 'Courriel du 1er décembre', '--dry-run', '--json'],
        Buffer.alloc(0),
        env,
      );
      assert.equal(dry.code, 0, dry.stderr);
      const plan = JSON.parse(dry.stdout);
      assert.equal(plan.dryRun, true);
      assert.equal(await fingerprint(), untouched, 'a dry run changes nothing');
      const byRef = (r: { plan: { cases: { reference: string }[] } }, ref: string) =>
        r.plan.cases.find((c) => c.reference === ref) as Record<string, unknown> | undefined;
      assert.deepEqual(byRef(plan, old.reference), {
        id: old.id,
        reference: old.reference,
        decision: 'erase',
        closedOn: '2017-06-01',
        endsOn: '2024-01-01',
      });
      assert.deepEqual(byRef(plan, open.reference), {
        id: open.id,
        reference: open.reference,
        decision: 'keep',
        why: 'open',
        closedOn: null,
        until: null,
      });
      assert.deepEqual(byRef(plan, held.reference), {
        id: held.id,
        reference: held.reference,
        decision: 'keep',
        why: 'legal_hold',
        closedOn: '2018-05-01',
        until: null,
        hold: {
          scope: 'case',
          reason: 'Procès en cours au tribunal',
          setBy: 'user:legal',
          setAt: NOW,
        },
      });
      assert.deepEqual(byRef(plan, recent.reference), {
        id: recent.id,
        reference: recent.reference,
        decision: 'keep',
        why: 'retention_period',
        closedOn: `${YEAR - 1}-04-01`,
        until: `${YEAR + 6}-01-01`,
      });
      assert.deepEqual(
        plan.plan.inboxItems.map((i: { id: string; decision: string; why?: string }) => [
          i.id,
          i.decision,
          i.why,
        ]),
        [
          [zoeAway, 'erase', undefined],
          [zoeWaiting, 'keep', 'awaiting_triage'],
        ],
      );
      assert.equal(plan.complainantErased, false);
      // The answer to the person, in her language (French: her message was), names what is kept and until when.
      assert.match(plan.answer, /Votre demande d’effacement/);
      assert.match(
        plan.answer,
        new RegExp(
          `${recent.reference} a été clos le 1er avril ${YEAR - 1}.*à partir du 1er janvier ${YEAR + 6}`,
        ),
      );
      assert.ok(
        !plan.answer.includes('Procès en cours'),
        'the hold’s internal reason is not told to the person',
      );

      // -- erasure -----------------------------------------------------------------------------------------------
      const admin = { actor: 'user:dpo', label: 'dpo@example.org', address: null };
      const done = await eraseComplainant(at(NOW), zoe, {
        reason: 'Courriel du 1er décembre',
        acting: admin,
      });
      assert.deepEqual(
        done.erased.map((e) => e.reference),
        [old.reference],
      );
      assert.deepEqual(done.skipped, []);
      assert.deepEqual(
        done.inboxErased.map((i) => i.id),
        [zoeAway],
      );
      assert.equal(done.complainantErased, false);
      const anonymised = await db
        .selectFrom('cases')
        .select(['id', 'anonymised_at'])
        .where('id', 'in', [old.id, open.id, held.id, recent.id])
        .execute();
      assert.deepEqual(
        anonymised.filter((c) => c.anonymised_at !== null).map((c) => c.id),
        [old.id],
      );
      // Nothing of the erased case or message survives anywhere; the kept cases and message, and her address for
      // them, are still there.
      assert.deepEqual(
        await whereFound(db, engine, ['Fenster-4711', 'Urlaub-5151', 'Réponse automatique']),
        [],
      );
      for (const kept of ['Tür-0815', 'Dach-2020', 'Keller-3030', 'Frage-6262'])
        assert.ok((await whereFound(db, engine, [kept])).length > 0, `${kept} is kept`);
      assert.ok((await whereFound(db, engine, [zoe])).includes('complainants.email'));
      const request = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'erasure_requested')
        .executeTakeFirstOrThrow();
      assert.equal(request.actor, 'user:dpo');
      assert.match(String(request.detail), /Courriel du 1er décembre/);
      const caseAudit = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'case_anonymised')
        .where('target_id', '=', old.id)
        .executeTakeFirstOrThrow();
      assert.equal(caseAudit.actor, 'user:dpo');
      assert.match(String(caseAudit.detail), /"erasureRequest":true/);

      // Everything of the other person goes, the record too: no address or name left in any table.
      const erikBefore = await whereFound(db, engine, [erik, 'Vergessen']);
      assert.ok(erikBefore.includes('complainants.email') && erikBefore.includes('originals.content'));
      assert.ok((await whereFound(db, engine, ['Reise-7373'])).includes('originals.content'));
      const erased = await runRedress(
        [
          'subject',
          'erase',
          erik,
          '--reason',
          'Lettre du 2 décembre',
          '--answer',
          join(folder, 'erik.txt'),
          '--language',
          'de',
        ],
        Buffer.alloc(0),
        env,
      );
      assert.equal(erased.code, 0, erased.stderr);
      assert.match(
        erased.stdout,
        new RegExp(`erased ${gone.reference}: closed 2017-07-01, retention ended 2024-01-01`),
      );
      assert.match(erased.stdout, new RegExp(`erased inbox item ${erikAway}: received 2018-03-01`));
      assert.match(erased.stdout, /complainant record erased/);
      assert.match(
        readFileSync(join(folder, 'erik.txt'), 'utf8'),
        new RegExp(`Vorgang ${gone.reference}: Ihr Name`),
      );
      assert.deepEqual(await whereFound(db, engine, [erik, 'Vergessen', 'Garten-9090', 'Reise-7373']), []);

      // The chains verify, and the figures of every period are the same.
      const verified = await runRedress(['archive', 'verify'], Buffer.alloc(0), env);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      assert.deepEqual(await reports(), figures);

      // A second request erases nothing more and keeps the same cases for the same reasons.
      const settled = await fingerprint();
      const again = await eraseComplainant(at(NOW), zoe, { reason: 'Relance du 3 décembre', acting: admin });
      assert.deepEqual(again.erased, []);
      assert.deepEqual(again.inboxErased, []);
      assert.deepEqual(
        again.plan.inboxItems.map((i) => [i.id, i.decision]),
        [[zoeWaiting, 'keep']],
      );
      assert.equal(byRef(again, old.reference)?.decision, 'already_anonymised');
      assert.deepEqual(
        again.plan.cases.filter((c) => c.decision === 'keep'),
        done.plan.cases.filter((c) => c.decision === 'keep'),
      );
      const afterAgain = JSON.parse(await fingerprint());
      const settledParsed = JSON.parse(settled);
      // Only the request itself is added to the audit log.
      assert.deepEqual(afterAgain.slice(0, 2), settledParsed.slice(0, 2));
      assert.deepEqual(afterAgain[3], settledParsed[3]);
      assert.equal(afterAgain[2].length, settledParsed[2].length + 1);
      // And the erased record is found by its id only (its address is gone): asked again, nothing changes.
      const erikAgain = await runRedress(
        ['subject', 'erase', erik, '--reason', 'Relance'],
        Buffer.alloc(0),
        env,
      );
      assert.notEqual(erikAgain.code, 0);
      assert.match(erikAgain.stderr, /No complainant has the address/);
    });

    it('serves an address that no complainant record holds: its messages on no case are exported and erased', async () => {
      const db = h.test.database.db;
      const env = { REDRESS_DATABASE_URL: h.test.url };
      // Someone who never had a case: an out-of-office reply, dismissed, and a message still awaiting triage.
      const nomad = 'ninon.passante@example.net';
      const handled = await inboxMail('2020-05-01T09:00:00.000Z', nomad, 'Ninon Passante', 'Nomade-8181');
      await handleInboxItem(
        at('2020-05-02T09:00:00.000Z'),
        handled,
        { type: 'dismiss', reason: 'Réponse automatique sans dossier' },
        'user:a',
      );
      const waiting = await inboxMail(`${YEAR}-01-03T09:00:00.000Z`, nomad, 'Ninon Passante', 'Attente-9292');
      await indexSearchDocs(h.test.database, 100_000);
      assert.deepEqual(
        await db.selectFrom('complainants').select('id').where('email', '=', nomad).execute(),
        [],
        'no complainant record holds the address',
      );

      // -- export: the same layout as for a complainant, the record part empty ---------------------------------
      const out = join(folder, 'ninon.zip');
      const exported = await runRedress(
        ['subject', 'export', nomad.toUpperCase(), '--out', out],
        Buffer.alloc(0),
        env,
      );
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /no complainant record/);
      assert.match(exported.stdout, /0 case\(s\), 2 message\(s\) on no case/);
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const data = JSON.parse(Buffer.from(files['complainant.json']!).toString('utf8'));
      assert.equal(data.complainant, null);
      assert.equal(data.address, nomad);
      assert.deepEqual(data.cases, []);
      assert.deepEqual(
        data.inboxItems.map((i: { state: { id: string; status: string } }) => [i.state.id, i.state.status]),
        [
          [handled, 'dismissed'],
          [waiting, 'open'],
        ],
      );
      const inboxFiles = Object.keys(files).filter((p) => p.startsWith('inbox/'));
      assert.equal(inboxFiles.length, 2);
      assert.ok(inboxFiles.some((p) => p.startsWith(`inbox/2020-05-01-${handled}/originals/`)));
      assert.ok(
        inboxFiles.some((p) => Buffer.from(files[p]!).toString('utf8').includes('Attente-9292')),
        'the original as received',
      );
      const sums = Buffer.from(files.SHA256SUMS!).toString('utf8').trim().split('\n');
      for (const line of sums) {
        const [sum, path] = line.split('  ');
        assert.equal(sha(files[path!]!), sum, path);
      }
      // Recorded in the audit log by the address's keyed digest, never the address itself, nor its plain SHA-256
      // (which anyone who guesses the address could compute and compare).
      const exportAudit = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'personal_data_exported')
        .where('target_type', '=', 'address')
        .executeTakeFirstOrThrow();
      const digest = String(exportAudit.target_label);
      assert.match(digest, /^hmac-sha256:[0-9a-f]{64}$/);
      assert.ok(
        !digest.includes(sha(new TextEncoder().encode(nomad))),
        'not the plain SHA-256 of the address',
      );
      assert.ok(!digest.includes(nomad));
      assert.equal(exportAudit.target_id, null);

      // -- erasure: the handled message goes, the one awaiting triage is kept and listed ---------------------------
      const erased = await runRedress(
        [
          'subject',
          'erase',
          nomad,
          '--reason',
          'Courriel du 4 décembre',
          '--answer',
          join(folder, 'ninon.txt'),
          '--language',
          'fr',
        ],
        Buffer.alloc(0),
        env,
      );
      assert.equal(erased.code, 0, erased.stderr);
      assert.match(erased.stdout, new RegExp(`erased inbox item ${handled}: received 2020-05-01`));
      assert.match(erased.stdout, new RegExp(`kept inbox item ${waiting}: .*still awaiting triage`));
      assert.match(erased.stdout, /no complainant record has the address/);
      const answer = readFileSync(join(folder, 'ninon.txt'), 'utf8');
      assert.match(answer, /1er mai 2020/);
      assert.match(answer, /n’ont jamais donné lieu à un dossier/);
      assert.doesNotMatch(answer, /Votre nom et vos coordonnées/);
      const request = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'erasure_requested')
        .where('target_type', '=', 'address')
        .executeTakeFirstOrThrow();
      assert.equal(request.target_label, digest);
      assert.match(String(request.detail), /Courriel du 4 décembre/);
      // Nothing of the handled message is left in any table; the kept one is still there, and the audit log
      // never held the address.
      assert.deepEqual(await whereFound(db, engine, ['Nomade-8181', 'Réponse automatique sans dossier']), []);
      assert.ok((await whereFound(db, engine, ['Attente-9292'])).length > 0, 'the waiting message is kept');
      assert.ok(!(await whereFound(db, engine, [nomad])).some((w) => w.startsWith('audit_log.')));
      const verified = await runRedress(['archive', 'verify'], Buffer.alloc(0), env);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);

      // Neither a record nor a message: refused as before, and nothing is recorded.
      for (const verb of ['export', 'erase']) {
        const none = await runRedress(
          ['subject', verb, 'personne@example.net', ...(verb === 'erase' ? ['--reason', 'Essai'] : [])],
          Buffer.alloc(0),
          env,
        );
        assert.notEqual(none.code, 0);
        assert.match(none.stderr, /No complainant has the address/);
      }
    });
  });
}
