// An export does not hold what it exports in memory (SQLite and PostgreSQL): someone whose address sent many
// large messages (anyone can send mail from an address) must not make an administrator's export take the
// server's memory. Forty messages of 2 MiB each, on no case, are exported by address to a file; while the ZIP
// is written, the process's live memory (after a garbage collection, so that only what is still held counts)
// must grow by far less than the export's size. The ZIP is then read back: every message byte for byte, and
// every line of SHA256SUMS and of the manifest matches its file. The same holds for complainant.json, which
// carries every message's text: eighty messages of 200,000 characters of text each (the most a text is kept to)
// make a JSON of megabytes, written as it is read, never held whole.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { unzipSync } from 'fflate';
import { writeNewFileStreamed } from '../../src/adapters/os/partial-files.ts';
import { createAppContext } from '../../src/app/context.ts';
import { exportSubject } from '../../src/app/export-complainant.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { READ_TEXT_LIMIT } from '../../src/core/intake/parsed-message.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';

const NOW = '2026-12-01T12:00:00.000Z';
const MESSAGES = 40;
const ATTACHMENT_BYTES = 2 * 2 ** 20;
/** Messages with the longest text kept: a complainant.json of about 16 MiB. */
const TEXT_MESSAGES = 80;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// A collection on demand: memory still held is what counts, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** An automated message (it waits in the triage inbox, on no case) with an attachment of random bytes. */
function bigMessage(from: string, n: number): Buffer {
  const base64 = randomBytes(ATTACHMENT_BYTES).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      `From: Robot <${from}>`,
      'To: complaint@example.org',
      `Subject: Rapport automatique ${n}`,
      `Date: ${new Date(Date.parse(NOW) - (MESSAGES - n) * 60_000).toUTCString()}`,
      `Message-ID: <big-${n}-${randomBytes(6).toString('hex')}@example.net>`,
      'Auto-Submitted: auto-generated',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Rapport numéro ${n}.`,
      '--b',
      'Content-Type: application/octet-stream; name="rapport.bin"',
      'Content-Disposition: attachment; filename="rapport.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      base64,
      '--b--',
      '',
    ].join('\r\n'),
  );
}

/** A text as long as a text is kept (READ_TEXT_LIMIT): lines of random words. */
function longText(): string {
  const words = Array.from({ length: 400 }, () => randomBytes(4).toString('hex'));
  const lines: string[] = [];
  let chars = 0;
  while (chars < READ_TEXT_LIMIT) {
    const line = Array.from({ length: 10 }, () => words[Math.floor(Math.random() * words.length)]).join(' ');
    lines.push(line);
    chars += line.length + 1;
  }
  return lines.join('\n').slice(0, READ_TEXT_LIMIT);
}

for (const engine of ENGINES) {
  describe(`an export written as a stream (${engine})`, () => {
    let h: Harness;
    let folder: string;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
      folder = mkdtempSync(join(tmpdir(), 'redress-export-memory-'));
    });
    after(async () => {
      await h.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('exports forty messages of 2 MiB without holding them, and the ZIP checks', async (t) => {
      const ctx = createAppContext(h.config, h.test.database, { clock: fixedClock(NOW) });
      const from = 'robot@bulk.example.net';
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const sent = new Set<string>();
      let total = 0;
      for (let n = 0; n < MESSAGES; n++) {
        const raw = bigMessage(from, n);
        sent.add(sha(raw));
        total += raw.byteLength;
        const r = await receiveEmail(ctx, { raw, mailbox, door: 'pipe' });
        assert.ok(r.inboxItemId && !r.caseId, 'it waits in the inbox, on no case');
      }

      // Live memory before, and at its highest while the ZIP is written (sampled at every piece written).
      gc();
      const base = process.memoryUsage();
      let peakBuffers = 0;
      let peakRss = 0;
      let writes = 0;
      const sample = () => {
        gc();
        const m = process.memoryUsage();
        peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
        peakRss = Math.max(peakRss, m.rss - base.rss);
      };
      const out = join(folder, `${engine}.zip`);
      const made = await exportSubject(
        ctx,
        from,
        { actor: 'user:admin', label: 'admin@example.org', address: null },
        {
          deliver: (_name, write) =>
            writeNewFileStreamed(out, (sink) =>
              write({
                write: async (bytes) => {
                  if (writes++ % 4 === 0) sample();
                  await sink.write(bytes);
                },
              }),
            ),
        },
      );
      sample();
      const size = statSync(out).size;
      assert.ok(size > total, `the ZIP holds every message (${size} bytes for ${total})`);
      assert.equal(made.inboxItems, MESSAGES);
      assert.equal(statSync(out).mode & 0o777, 0o600, 'owner-only');
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
      t.diagnostic(`peak growth: ${mib(peakBuffers)} buffers, ${mib(peakRss)} RSS; ZIP ${mib(size)}`);
      assert.ok(
        peakBuffers < size / 3 && peakRss < size / 3,
        `live memory grew by ${mib(peakBuffers)} of buffers and ${mib(peakRss)} of RSS while writing ${mib(size)}`,
      );

      // Read back: every message as sent, and every sum as listed.
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const originals = Object.keys(files).filter((p) => /^inbox\/[^/]+\/originals\//.test(p));
      assert.equal(originals.length, MESSAGES);
      assert.deepEqual(new Set(originals.map((p) => sha(files[p]!))), sent);
      const sums = new TextDecoder().decode(files.SHA256SUMS).trim().split('\n');
      assert.equal(sums.length, Object.keys(files).length - 1, 'every file but SHA256SUMS is summed');
      for (const line of sums) {
        const [sum, path] = line.split('  ');
        assert.ok(files[path!], `${path} is in the ZIP`);
        assert.equal(sha(files[path!]!), sum, path);
      }
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
        files: { path: string; sha256: string; size: number }[];
      };
      for (const f of manifest.files) {
        assert.equal(sha(files[f.path]!), f.sha256, f.path);
        assert.equal(files[f.path]!.byteLength, f.size, f.path);
      }
      const audit = await h.test.database.db
        .selectFrom('audit_log')
        .select(['action'])
        .where('action', '=', 'personal_data_exported')
        .execute();
      assert.equal(audit.length, 1, 'recorded once, after the file was written');
    });

    it('writes the texts of eighty long messages into complainant.json without holding them', async (t) => {
      const ctx = createAppContext(h.config, h.test.database, { clock: fixedClock(NOW) });
      const from = 'journal@bulk.example.net';
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      // Received as short messages, then given the longest text a message keeps: what is measured is the export,
      // and reading 200,000 characters eighty times would only make the test slow.
      for (let n = 0; n < TEXT_MESSAGES; n++) {
        const raw = Buffer.from(
          [
            `From: Journal <${from}>`,
            'To: complaint@example.org',
            `Subject: Journal ${n}`,
            `Message-ID: <text-${n}-${randomBytes(6).toString('hex')}@example.net>`,
            'Auto-Submitted: auto-generated',
            '',
            `Journal ${n}.`,
            '',
          ].join('\r\n'),
        );
        const r = await receiveEmail(ctx, { raw, mailbox, door: 'pipe' });
        assert.ok(r.inboxItemId && r.correspondenceId && !r.caseId, 'it waits in the inbox, on no case');
        await h.test.database.db
          .updateTable('correspondence')
          .set({ text_body: longText() })
          .where('id', '=', r.correspondenceId!)
          .execute();
      }
      gc();
      const base = process.memoryUsage();
      let peak = 0;
      let writes = 0;
      const pieces: Uint8Array[] = [];
      await exportSubject(
        ctx,
        from,
        { actor: 'user:admin', label: 'admin@example.org', address: null },
        {
          deliver: (_name, write) =>
            write({
              write: async (bytes) => {
                if (writes++ % 4) {
                  pieces.push(bytes.slice());
                  return;
                }
                gc();
                const m = process.memoryUsage();
                // What the export holds, whatever the kind: strings on the heap, bytes in buffers. The ZIP made so
                // far is kept here, so it is taken off.
                const kept = pieces.reduce((sum, p) => sum + p.byteLength, 0);
                peak = Math.max(
                  peak,
                  m.heapUsed - base.heapUsed + (m.arrayBuffers - base.arrayBuffers) - kept,
                );
                pieces.push(bytes.slice());
              },
            }),
        },
      );
      const files = unzipSync(Buffer.concat(pieces));
      const json = files['complainant.json']!;
      const parsed = JSON.parse(new TextDecoder().decode(json)) as { correspondence: { text: string }[] };
      assert.equal(parsed.correspondence.length, TEXT_MESSAGES);
      assert.ok(
        parsed.correspondence.every((c) => c.text.length > READ_TEXT_LIMIT / 2),
        'every text is in it',
      );
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
      t.diagnostic(`peak growth: ${mib(peak)} for a complainant.json of ${mib(json.byteLength)}`);
      // Held whole, the JSON took three times its size (its texts, the string and its bytes), and even held once
      // it would take its size; as a stream, a few texts and the compressor's and the database driver's buffers,
      // whatever its size. Those buffers are what varies from run to run (from about a third of the JSON's size on
      // a quiet machine to half of it under load), so the bound is the JSON's size: far above them, far below whole.
      assert.ok(peak < json.byteLength, `live memory grew by ${mib(peak)} for ${mib(json.byteLength)}`);
    });
  });
}
