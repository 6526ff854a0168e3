// The dossier of a case whose personal data is erased (anonymised at the person's request or by retention) is still
// evidence. One exported before the erasure is still recognised by the archive as the one it exported (the record
// of the export keeps the manifest's SHA-256, which names no one). One exported after the erasure verifies as
// exported, offline and against the archive, though its outbound items no longer hold what was sent (redaction
// replaced their text, its digest stays recorded). What
// redaction left is checked for what it is: a redacted event or outbound item holding anything redaction does not
// write is named, even with the manifest's sums made to match. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { type DossierManifest, MANIFEST, manifestOf, SUMS } from '../../src/core/archive/dossier.ts';
import { sha256Hex } from '../../src/core/archive/hash-chain.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';
import { answerWithFiles, pdfOf } from '../support/staff.ts';

const none = Buffer.alloc(0);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const encode = (s: string) => new TextEncoder().encode(s);

/** The dossier with `change` made to its files and its manifest and SHA256SUMS made again to agree: a forger's copy. */
function forged(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  const manifest = JSON.parse(decode(files[MANIFEST]!)) as DossierManifest;
  const { files: list, format: _format, ...head } = manifest;
  const { manifestBytes, sums } = manifestOf(
    head,
    list.map((f) => ({ ...f, sha256: sha256Hex(files[f.path]!), size: files[f.path]!.byteLength })),
  );
  files[MANIFEST] = new Uint8Array(manifestBytes);
  files[SUMS] = new Uint8Array(sums);
  return zipSync(files);
}

for (const engine of ENGINES) {
  describe(`the dossier of an erased case (${engine})`, () => {
    let h: Harness;
    let dir: string;
    let env: Record<string, string>;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
      dir = mkdtempSync(join(tmpdir(), 'redress-dossier-erased-'));
      env = { REDRESS_DATABASE_URL: h.test.url };
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const verify = async (name: string, zip: Uint8Array, archive: boolean) => {
      const file = join(dir, `${name}-${archive ? 'archive' : 'offline'}.zip`);
      writeFileSync(file, zip);
      return runRedress(['archive', 'verify-dossier', file, ...(archive ? ['--archive'] : [])], none, env);
    };

    it('verifies as exported, and names what redaction does not write', async () => {
      const received = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Marie Dupont <marie.dupont@example.net>' }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      await answerWithFiles(
        h.ctx,
        received.caseId!,
      )([
        { filename: 'a.pdf', contentType: 'application/pdf', content: pdfOf(2000) },
        { filename: 'b.pdf', contentType: 'application/pdf', content: pdfOf(3000) },
      ]);
      await actOnCase(h.ctx, received.caseId!, { type: 'close', reason: 'Done.' }, 'user:a');
      // Exported before the erasure, for a court: the archive can still say it exported this very dossier.
      const before = join(dir, 'before.zip');
      const early = await runRedress(['archive', 'export', received.reference!, '--out', before], none, env);
      assert.equal(early.code, 0, early.stdout + early.stderr);
      // Years later the retention period has ended: her request erases the case.
      const later: AppContext = createAppContext(h.config, h.test.database, {
        clock: fixedClock('2034-02-01T12:00:00.000Z'),
      });
      const erased = await eraseComplainant(later, 'marie.dupont@example.net', {
        reason: 'Her letter.',
        acting: { actor: 'cli', label: null, address: null },
      });
      assert.deepEqual(
        erased.erased.map((e) => e.reference),
        [received.reference],
      );

      const kept = await verify('before', new Uint8Array(readFileSync(before)), true);
      assert.equal(kept.code, 0, kept.stdout + kept.stderr);
      assert.match(kept.stdout, /its manifest is the one recorded in audit entry \d+/);

      const out = join(dir, 'erased.zip');
      const exported = await runRedress(['archive', 'export', received.reference!, '--out', out], none, env);
      assert.equal(exported.code, 0, exported.stdout + exported.stderr);
      const zip = new Uint8Array(readFileSync(out));
      for (const archive of [false, true]) {
        const r = await verify('as-exported', zip, archive);
        assert.equal(r.code, 0, r.stdout + r.stderr);
      }

      // A redacted event given back a text: its digest is not compared (the payload is gone), so what it holds is.
      const eventChanged = forged(zip, (files) => {
        const events = JSON.parse(decode(files['events.json']!));
        const first = events.events[0];
        assert.equal(first.redacted, true, 'the case’s events are redacted');
        first.payload.subject = 'Ein ganz anderer Betreff';
        files['events.json'] = encode(JSON.stringify(events, null, 2));
      });
      const e = await verify('event-changed', eventChanged, false);
      assert.equal(e.code, 1, e.stdout);
      assert.match(
        e.stdout,
        /event 1 \(case_received\) is marked redacted but holds text that redaction does not write/,
      );

      // A redacted outbound item given a text and an address: named too.
      const outboundChanged = forged(zip, (files) => {
        const items = JSON.parse(decode(files['outbound.json']!));
        const answer = items.find((i: { purpose: string }) => i.purpose === 'answer');
        answer.text = 'Wir lehnen Ihre Beschwerde ab.';
        answer.toAddress = 'someone.else@example.net';
        files['outbound.json'] = encode(JSON.stringify(items, null, 2));
      });
      const o = await verify('outbound-changed', outboundChanged, false);
      assert.equal(o.code, 1, o.stdout);
      assert.match(o.stdout, /outbound item \S+ is marked redacted but holds what redaction does not write/);
    });
  });
}
