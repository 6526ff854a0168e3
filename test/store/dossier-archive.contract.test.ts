// A case dossier checked against the archive it came from (P6.2), on SQLite and PostgreSQL: a dossier with an
// original or an outbound e-mail removed and its manifest and sums made again passes the offline check (its files
// agree with each other), and `redress archive verify-dossier --archive` names both the manifest no export recorded
// and the item the case held; the dossier as exported verifies, also after the case received more. And a merged
// duplicate's dossier holds what it received and sent, naming the case that holds it now.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { answerCase } from '../../src/app/answer-case.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import {
  type DossierManifest,
  MANIFEST,
  type ManifestFile,
  manifestOf,
  SUMS,
} from '../../src/core/archive/dossier.ts';
import { sha256Hex } from '../../src/core/archive/hash-chain.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';

const none = Buffer.alloc(0);

/** The dossier without the files `drop` picks, its manifest and SHA256SUMS made again to agree: a forger's copy. */
function withoutFiles(
  zip: Uint8Array,
  drop: (f: ManifestFile) => boolean,
): { zip: Uint8Array; dropped: ManifestFile[] } {
  const files = unzipSync(zip);
  const manifest = JSON.parse(new TextDecoder().decode(files[MANIFEST]!)) as DossierManifest;
  const dropped = manifest.files.filter(drop);
  for (const f of dropped) delete files[f.path];
  const { files: kept, format: _format, ...head } = manifest;
  const { manifestBytes, sums } = manifestOf(
    head,
    kept.filter((f) => !drop(f)),
  );
  files[MANIFEST] = new Uint8Array(manifestBytes);
  files[SUMS] = new Uint8Array(sums);
  return { zip: zipSync(files), dropped };
}

for (const engine of ENGINES) {
  describe(`case dossier against the archive (${engine})`, () => {
    let h: Harness;
    let dir: string;
    let env: Record<string, string>;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
      dir = mkdtempSync(join(tmpdir(), 'redress-dossier-archive-'));
      env = { REDRESS_DATABASE_URL: h.test.url };
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const mailbox = () => h.config.mailboxes.find((m) => m.name === 'complaints')!;
    const exportTo = async (reference: string, name: string): Promise<string> => {
      const out = join(dir, name);
      const r = await runRedress(['archive', 'export', reference, '--out', out], none, env);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return out;
    };
    const verify = (file: string, archive: boolean) =>
      runRedress(['archive', 'verify-dossier', file, ...(archive ? ['--archive'] : [])], none, env);

    it('names a recomputed manifest and the original or outbound e-mail it left out; the dossier as exported verifies', async () => {
      const received = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Marie Dupont <marie.dupont@example.net>' }),
        mailbox: mailbox(),
        door: 'pipe',
      });
      await answerCase(h.ctx, received.caseId!, {
        outcome: 'upheld',
        text: 'Le domaine est rétabli.',
        remedy: null,
        actor: 'user:a',
      });
      const out = await exportTo(received.reference!, `${engine}.zip`);
      const zip = new Uint8Array(readFileSync(out));

      const asExported = await verify(out, true);
      assert.equal(asExported.code, 0, asExported.stdout + asExported.stderr);
      assert.match(
        asExported.stdout,
        /intact and as the archive holds it: .* its manifest is the one recorded in audit entry \d+/,
      );

      for (const [name, drop] of [
        ['original', (f: ManifestFile) => f.role === 'original'],
        ['outbound', (f: ManifestFile) => f.role === 'outbound' && f.path.startsWith('outbound/002')],
      ] as const) {
        const forged = withoutFiles(zip, drop);
        assert.equal(forged.dropped.length, 1, name);
        const file = join(dir, `${engine}-without-${name}.zip`);
        writeFileSync(file, forged.zip);
        // Its files agree with its manifest: nothing but the archive can tell.
        const offline = await verify(file, false);
        assert.equal(offline.code, 0, offline.stdout + offline.stderr);
        const r = await verify(file, true);
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.match(
          r.stdout,
          new RegExp(
            `not_recorded: manifest\\.json: no export of ${received.reference} recorded in the audit log has this manifest`,
          ),
        );
        assert.match(
          r.stdout,
          new RegExp(
            `absent_from_dossier: manifest\\.json: .* ${forged.dropped[0]!.correspondenceId} of ${received.reference}, which the case held when it was exported, is not in the dossier`,
          ),
        );
      }

      // The case goes on after the export: the dossier as exported still verifies against the archive.
      await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: 'Marie Dupont <marie.dupont@example.net>',
          subject: `Re: ${received.reference}`,
        }),
        mailbox: mailbox(),
        door: 'pipe',
      });
      const later = await verify(out, true);
      assert.equal(later.code, 0, later.stdout + later.stderr);
    });

    it("a merged duplicate's dossier holds what it received and sent, and names the case that holds it now", async () => {
      const from = 'Jean Martin <jean.martin@example.fr>';
      const kept = await receiveEmail(h.ctx, { raw: rawMessage({ from }), mailbox: mailbox(), door: 'pipe' });
      const dup = await receiveEmail(h.ctx, {
        raw: rawMessage({ from, body: 'Bonjour,\n\nToujours pas de réponse pour le ticket 482913.\n' }),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.notEqual(kept.caseId, dup.caseId);
      const { db } = h.test.database;
      const dupRows = await db
        .selectFrom('correspondence')
        .select(['id', 'direction', 'original_sha256'])
        .where('case_id', '=', dup.caseId!)
        .execute();
      assert.ok(
        dupRows.some((r) => r.direction === 'out'),
        'the duplicate was acknowledged',
      );
      await mergeCases(h.ctx, kept.caseId!, dup.caseId!, 'user:agent');

      const out = await exportTo(dup.reference!, `${engine}-duplicate.zip`);
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const manifest = JSON.parse(new TextDecoder().decode(files[MANIFEST]!)) as DossierManifest & {
        mergedInto?: { caseId: string; reference: string };
      };
      assert.deepEqual(manifest.mergedInto, { caseId: kept.caseId, reference: kept.reference });
      const received = dupRows.find((r) => r.id === dup.correspondenceId)!;
      const original = manifest.files.find((f) => f.role === 'original');
      assert.equal(original?.correspondenceId, dup.correspondenceId);
      assert.equal(sha256Hex(files[original!.path]!), received.original_sha256);
      assert.deepEqual(
        manifest.files
          .filter((f) => f.correspondenceId)
          .map((f) => f.correspondenceId)
          .sort(),
        dupRows.map((r) => r.id).sort(),
        'every item received and sent under its reference, and nothing of the case it joined',
      );
      const r = await verify(out, true);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });
  });
}
