// A case dossier checked without Redress (P6.2), on SQLite and PostgreSQL, as the README tells its reader: unpacked,
// `sha256sum -c SHA256SUMS` passes, and names a file changed by one byte; the README's own Python check of the chains
// passes, and names an event changed even where the forger made the sums and manifest again. And the archive cut
// short after the export (the case's last event deleted with the head that counted it) is named when the dossier is
// checked against it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { answerCase } from '../../src/app/answer-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sha256Hex } from '../../src/core/archive/hash-chain.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';

const none = Buffer.alloc(0);

/** The README's Python check of a dossier's chains, as the reader copies it. */
function readmePython(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('```python\nimport hashlib, json, sys\n');
  assert.ok(start >= 0, 'the README shows the Python check');
  const code = readme.slice(start + '```python\n'.length);
  return code.slice(0, code.indexOf('```'));
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

for (const engine of ENGINES) {
  describe(`a dossier checked without Redress (${engine})`, () => {
    let h: Harness;
    let dir: string;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
      dir = mkdtempSync(join(tmpdir(), 'redress-offline-'));
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const unpack = (files: Record<string, Uint8Array>, name: string): string => {
      const folder = join(dir, name);
      for (const [p, bytes] of Object.entries(files)) {
        mkdirSync(dirname(join(folder, p)), { recursive: true });
        writeFileSync(join(folder, p), bytes);
      }
      return folder;
    };
    const sums = (folder: string) =>
      spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
    const python = (folder: string) =>
      spawnSync('python3', ['-c', readmePython()], { cwd: folder, encoding: 'utf8' });

    it('passes the README checks as exported, and they name a file or an event changed', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const received = await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: 'Jörg Müller <joerg@example.de>',
          subject: 'Beschwerde – Schritt 1 «Domäne»',
        }),
        mailbox,
        door: 'pipe',
      });
      const { complainant_id: complainantId } = await h.test.database.db
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', received.caseId!)
        .executeTakeFirstOrThrow();
      await actOnComplainant(
        h.ctx,
        complainantId,
        {
          type: 'restrict',
          restrictionId: 'r1',
          kind: 'written_only',
          reason: 'Wiederholte Anrufe',
          reviewBy: '2027-06-30',
          designatedContactId: null,
        },
        'user:lead',
      );
      await answerCase(h.ctx, received.caseId!, {
        outcome: 'partly_upheld',
        text: 'Wir haben die Domäne teilweise wiederhergestellt. 🌐',
        remedy: null,
        attachments: [
          {
            filename: 'beleg.pdf',
            contentType: 'application/pdf',
            content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
          },
        ],
        actor: 'user:a',
      });
      const out = join(dir, `${engine}.zip`);
      const env = { REDRESS_DATABASE_URL: h.test.url };
      const exported = await runRedress(['archive', 'export', received.reference!, '--out', out], none, env);
      assert.equal(exported.code, 0, exported.stderr);
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']!)) as {
        chain: { head: string };
        complainantChain?: { head: string };
      };
      assert.ok(manifest.complainantChain, 'the complainant chain is in the dossier');

      const intact = unpack(files, 'intact');
      assert.equal(sums(intact).status, 0, sums(intact).stdout);
      if (hasPython) {
        const r = python(intact);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.equal(
          r.stdout.trim(),
          `chains intact up to the heads the manifest names: ${manifest.chain.head}`,
        );
      }

      // One byte of the original as received: `sha256sum -c` names the file.
      const original = Object.keys(files).find((p) => p.startsWith('originals/'))!;
      const changed = { ...files, [original]: Uint8Array.from(files[original]!) };
      changed[original]![20] = changed[original]![20]! ^ 0x01;
      const r = sums(unpack(changed, 'original-changed'));
      assert.notEqual(r.status, 0);
      assert.match(r.stdout, new RegExp(`^${original.replace(/[.]/g, '\\.')}: FAILED$`, 'm'));

      // An event's payload changed, and the sums and manifest made again: the chain check names the event.
      if (hasPython) {
        const events = JSON.parse(new TextDecoder().decode(files['events.json']!)) as {
          events: { seq: number; type: string; payload: Record<string, unknown> }[];
        };
        const answered = events.events.find((e) => e.type === 'answered')!;
        answered.payload.outcome = 'upheld';
        const forged: Record<string, Uint8Array> = {
          ...files,
          'events.json': new TextEncoder().encode(JSON.stringify(events, null, 2)),
        };
        const folder = unpack(forged, 'event-changed');
        writeFileSync(
          join(folder, 'SHA256SUMS'),
          Object.entries(forged)
            .filter(([p]) => p !== 'SHA256SUMS')
            .map(([p, bytes]) => `${sha256Hex(bytes)}  ${p}\n`)
            .join(''),
        );
        assert.equal(sums(folder).status, 0, 'the forger made the sums again');
        const p = python(folder);
        assert.equal(p.status, 1, p.stdout + p.stderr);
        assert.match(p.stderr, new RegExp(`^events\\.json: event ${answered.seq} does not verify$`, 'm'));
      }

      // After the export, the case's last event deleted and the head moved back: checked against the archive, the
      // dossier names it.
      const { db } = h.test.database;
      const stream = `case:${received.caseId}`;
      const events = await db
        .selectFrom('events')
        .selectAll()
        .where('stream', '=', stream)
        .orderBy('seq')
        .execute();
      const last = events[events.length - 1]!;
      await db.deleteFrom('events').where('id', '=', last.id).execute();
      await db
        .updateTable('streams')
        .set({ version: last.seq - 1, head_hash: last.prev })
        .where('stream', '=', stream)
        .execute();
      const against = await runRedress(['archive', 'verify-dossier', out, '--archive'], none, env);
      assert.equal(against.code, 1, against.stdout + against.stderr);
      assert.match(
        against.stdout,
        new RegExp(
          `^not_the_archive: events\\.json: the archive's ${stream} \\(case ${received.reference}\\) has no event ${last.seq}, with which the dossier ends: its events from there on were deleted since the export`,
          'm',
        ),
      );
    });
  });
}
