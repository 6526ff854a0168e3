// A case dossier (P6.2) on SQLite and PostgreSQL: exported with `redress archive export`, verified offline with
// `redress archive verify-dossier`, its PDF read back with pdftotext (text present, dates right in the
// organisation's time zone), the export recorded in the (still intact) audit chain; a changed file or event in
// the ZIP is named. And the download from the case page, for a person who may read the case only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { answerCase } from '../../src/app/answer-case.ts';
import { extendCase } from '../../src/app/extend-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { sha256Hex } from '../../src/core/archive/hash-chain.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, departmentsEnv, sessionFor } from '../support/http.ts';

const none = Buffer.alloc(0);

/** Rewrites files of a dossier ZIP, and (when `resum`) the manifest's sums, as a forger would. */
function tamper(
  zip: Uint8Array,
  change: (files: Record<string, Uint8Array>) => void,
  resum: boolean,
): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  if (resum) {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']!)) as {
      files: { path: string; sha256: string; size: number }[];
    };
    for (const f of manifest.files) {
      f.sha256 = sha256Hex(files[f.path]!);
      f.size = files[f.path]!.byteLength;
    }
    files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest));
    delete files.SHA256SUMS;
  }
  return zipSync(files);
}

for (const engine of ENGINES) {
  describe(`case dossier (${engine})`, () => {
    let h: Harness;
    let dir: string;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
      dir = mkdtempSync(join(tmpdir(), 'redress-dossier-'));
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exports a case, verifies it offline, and reads its PDF back with the right dates', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const received = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Marie Dupont <marie.dupont@example.net>' }),
        mailbox,
        door: 'pipe',
      });
      const caseId = received.caseId!;
      await extendCase(h.ctx, caseId, {
        reason: 'Un expert doit examiner le serveur.',
        windowStart: '2026-12-08',
        windowEnd: '2026-12-10',
        actor: 'user:a',
      });
      // A restriction on the complainant (P8.3) is a decision the dossier shows, from the complainant's own chain.
      const { complainant_id: complainantId } = await h.test.database.db
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      await actOnComplainant(
        h.ctx,
        complainantId,
        {
          type: 'restrict',
          restrictionId: 'r1',
          kind: 'written_only',
          reason: 'Appels répétés et insultants',
          reviewBy: '2027-06-30',
          designatedContactId: null,
        },
        'user:lead',
      );
      // Two attachments with the same name: both in the dossier, and in the answer's MIME.
      const pdfA = new TextEncoder().encode('%PDF-1.4\n% facture A\n%%EOF\n');
      const pdfB = new TextEncoder().encode('%PDF-1.4\n% facture B\n%%EOF\n');
      await answerCase(h.ctx, caseId, {
        outcome: 'upheld',
        text: 'Le domaine est rétabli.',
        remedy: null,
        attachments: [
          { filename: 'facture.pdf', contentType: 'application/pdf', content: pdfA },
          { filename: 'facture.pdf', contentType: 'application/pdf', content: pdfB },
        ],
        actor: 'user:a',
      });

      const out = join(dir, `${engine}.zip`);
      const env = { REDRESS_DATABASE_URL: h.test.url, REDRESS_TIMEZONE: 'Europe/Berlin' };
      const exported = await runRedress(
        ['archive', 'export', received.reference!, '--out', out, '--language', 'fr'],
        none,
        env,
      );
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(
        exported.stdout,
        new RegExp(`exported ${received.reference} to .*chain head [0-9a-f]{64}`),
      );
      assert.equal(statSync(out).mode & 0o777, 0o600, 'a dossier holds personal data: owner-only');
      const again = await runRedress(['archive', 'export', received.reference!, '--out', out], none, env);
      assert.equal(again.code, 2, 'an existing file is never overwritten');
      // A file that cannot be written (its folder does not exist): the export fails and is not recorded (the
      // audit entry is written only once the file is in place).
      const unwritable = await runRedress(
        ['archive', 'export', received.reference!, '--out', join(dir, 'no-such-folder', 'dossier.zip')],
        none,
        env,
      );
      assert.notEqual(unwritable.code, 0, 'the file could not be written');

      const verified = await runRedress(['archive', 'verify-dossier', out], none, {});
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      const stream = await h.test.database.db
        .selectFrom('streams')
        .select(['version', 'head_hash'])
        .where('stream', '=', `case:${caseId}`)
        .executeTakeFirstOrThrow();
      assert.match(
        verified.stdout,
        new RegExp(
          `dossier ${received.reference} intact: 12 files, ${stream.version} events; chain head ${stream.head_hash}`,
        ),
      );

      const zip = new Uint8Array(readFileSync(out));
      const files = unzipSync(zip);
      const paths = Object.keys(files).sort();
      assert.deepEqual(
        paths.map((p) => p.replace(/\d{4}-\d{2}-\d{2}/, 'DAY')).sort(),
        [
          'SHA256SUMS',
          'complainant-events.json',
          'events.json',
          'history.pdf',
          'manifest.json',
          'originals/001-DAY-email.eml',
          'outbound.json',
          'outbound/001-DAY-email.eml',
          'outbound/002-DAY-email.eml',
          'outbound/003-DAY-email.eml',
          'outbound/003-attachments/1-facture.pdf',
          'outbound/003-attachments/2-facture.pdf',
        ].sort(),
      );
      // The original exactly as received; the outbound e-mails as MIME with their Message-ID.
      const original = paths.find((p) => p.startsWith('originals/'))!;
      const stored = await h.test.database.db
        .selectFrom('correspondence')
        .select('original_sha256')
        .where('id', '=', received.correspondenceId!)
        .executeTakeFirstOrThrow();
      assert.equal(sha256Hex(files[original]!), stored.original_sha256);
      const ack = new TextDecoder().decode(files[paths.find((p) => p.startsWith('outbound/001'))!]!);
      assert.match(ack, /^Message-ID: <.+>$/m);
      assert.match(ack, /^To: marie\.dupont@example\.net$/m);
      assert.deepEqual(files['outbound/003-attachments/2-facture.pdf'], pdfB);
      const answerMime = new TextDecoder().decode(
        files[paths.find((p) => p.startsWith('outbound/003') && p.endsWith('.eml'))!]!,
      );
      assert.equal(answerMime.match(/filename=facture\.pdf/g)?.length, 2);
      // SHA256SUMS is what `sha256sum -c` reads.
      const unpacked = join(dir, `${engine}-files`);
      for (const [p, bytes] of Object.entries(files)) {
        const target = join(unpacked, p);
        execFileSync('mkdir', ['-p', join(target, '..')]);
        writeFileSync(target, bytes);
      }
      assert.match(
        execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: unpacked, encoding: 'utf8' }),
        /history\.pdf: OK/,
      );

      // One line per fact; wrapped lines joined again.
      const text = execFileSync('pdftotext', ['-layout', join(unpacked, 'history.pdf'), '-'], {
        encoding: 'utf8',
      }).replace(/\s*\n\s*/g, ' ');
      assert.match(text, new RegExp(`Dossier du cas ${received.reference}`));
      assert.match(text, /Marie Dupont, marie\.dupont@example\.net/);
      // Received on Monday 23 November at 09:15 UTC (the message's date): 10:15 in Berlin; acknowledge within 24
      // hours; due on the 10th working day after (DE-BW), then extended to the end of the window.
      assert.match(text, /Reçu le: 2026-11-23 10:15 /);
      assert.match(text, /Accusé de réception dû le: 2026-11-24 10:15 /);
      assert.match(text, /Accusé de réception envoyé le: 2026-11-23 13:00 /);
      assert.match(text, /fixé à la réception: 2026-12-07/);
      assert.match(
        text,
        /prolongé: 2026-12-10 \(2026-12-07 -> 2026-12-10; 2026-12-08 - 2026-12-10; Un expert doit examiner le serveur\.\)/,
      );
      assert.match(text, /Réponse due au plus tard le: 2026-12-10 \(2026-12-10 23:59\)/);
      assert.match(text, /Répondu le: 2026-11-23 13:00/);
      assert.match(text, /Réponse définitive: upheld: Le domaine est rétabli\./);
      assert.match(
        text,
        /La fiche du réclamant .* Restriction décidée: written_only: Appels répétés et insultants \(review by 2027-06-30\)/,
      );

      // The export is in the audit log, and the audit chain (and the rest) still verifies.
      const audit = await h.test.database.db
        .selectFrom('audit_log')
        .select(['actor', 'target_label'])
        .where('action', '=', 'case_dossier_exported')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.actor, a.target_label]),
        [['cli', received.reference]],
        'one export, recorded once (the refused and the unwritable ones wrote nothing and are not recorded)',
      );
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);

      // A changed original is named, even with the manifest's sums made to match it: the archive key does not.
      const forgedOriginal = tamper(
        zip,
        (f) => {
          const b = Buffer.from(f[original]!);
          b[b.length - 3] = b[b.length - 3]! ^ 1;
          f[original] = b;
        },
        true,
      );
      writeFileSync(join(dir, 'forged-original.zip'), forgedOriginal);
      const r1 = await runRedress(['archive', 'verify-dossier', join(dir, 'forged-original.zip')], none, {});
      assert.equal(r1.code, 1);
      assert.match(
        r1.stdout,
        new RegExp(
          `file_altered: ${original.replace(/\./g, '\\.')}: .* is not the original the archive holds`,
        ),
      );
      // A changed event (its payload) breaks the chain; a changed PDF is named by its sum.
      const forgedEvent = tamper(
        zip,
        (f) => {
          f['events.json'] = new TextEncoder().encode(
            new TextDecoder().decode(f['events.json']!).replace('Un expert doit', 'Personne ne doit'),
          );
          f['history.pdf'] = new Uint8Array([...f['history.pdf']!, 0x20]);
        },
        false,
      );
      writeFileSync(join(dir, 'forged-event.zip'), forgedEvent);
      const r2 = await runRedress(['archive', 'verify-dossier', join(dir, 'forged-event.zip')], none, {});
      assert.equal(r2.code, 1);
      assert.match(
        r2.stdout,
        /chain: events\.json: altered: the payload of event \d+ \(extended\) was changed/,
      );
      assert.match(r2.stdout, /file_altered: history\.pdf: /);
      assert.match(r2.stdout, /file_altered: events\.json: /);
    });
  });
}

describe('case dossier download from the case page', () => {
  it('gives the ZIP to a person who may read the case, records it, and hides the case from others', async () => {
    const t = await createTestApp({
      clock: fixedClock('2026-11-23T12:00:00.000Z'),
      env: departmentsEnv('Billing'),
    });
    try {
      const mailbox = t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(t.ctx, { raw: rawMessage({}), mailbox, door: 'pipe' });
      const auditor = await createUser(t.ctx, 'auditor', { email: 'auditor@example.org' });
      const session = await sessionFor(t.ctx, auditor);
      const page = await t.app.inject({
        method: 'GET',
        url: `/cases/${r.caseId}`,
        headers: { cookie: session.cookie },
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`href="/cases/${r.caseId}/dossier"`));
      const res = await t.app.inject({
        method: 'GET',
        url: `/cases/${r.caseId}/dossier`,
        headers: { cookie: session.cookie },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/zip');
      assert.match(String(res.headers['content-disposition']), new RegExp(`${r.reference}-dossier\\.zip`));
      const files = unzipSync(new Uint8Array(res.rawPayload));
      assert.ok(files['manifest.json'] && files['history.pdf']);
      const audit = await t.ctx.database.db
        .selectFrom('audit_log')
        .select(['actor', 'target_label'])
        .where('action', '=', 'case_dossier_exported')
        .executeTakeFirstOrThrow();
      assert.deepEqual([audit.actor, audit.target_label], [`user:${auditor.id}`, r.reference]);

      // A department member may read only its department's suggestions: this complaint is not found.
      const member = await createUser(t.ctx, 'department_member', { departments: ['billing'] });
      const other = await sessionFor(t.ctx, member);
      const hidden = await t.app.inject({
        method: 'GET',
        url: `/cases/${r.caseId}/dossier`,
        headers: { cookie: other.cookie, accept: 'application/json' },
      });
      assert.equal(hidden.statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
