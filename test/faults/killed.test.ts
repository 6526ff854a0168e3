// A process killed (SIGKILL: no chance to tidy up) in the middle of a retention run or a dossier export, at
// random moments, several times over: nothing half-done is left where anyone would see it, and running the command
// again finishes the work. Retention: each case is either wholly anonymised or untouched (its events, its
// correspondence, its originals), the archive still verifies, and the next run anonymises the rest. Export: the
// dossier's file either does not exist or is complete and verifies offline (it is written under a hidden
// temporary name and renamed), and the next export removes the temporary files the killed ones left.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { verifyDossierZip } from '../../src/app/export-dossier.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { ANONYMISED } from '../../src/core/archive/retention.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const NOW = '2026-12-05T12:00:00.000Z';
const DUE_CASES = 60;
const KILLS = 4;

/** Starts `redress ARGS`; `kill()` sends SIGKILL (if it still runs) and resolves once it has gone. */
function startRedress(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of ENGINES)
  describe(`a process killed during a retention run or an export (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    const complaints = () => h.config.mailboxes.find((m) => m.name === 'complaints')!;
    let dir: string;

    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
      dir = mkdtempSync(join(tmpdir(), 'redress-killed-'));
    });
    after(async () => {
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const env = () => ({ REDRESS_DATABASE_URL: h.test.url, REDRESS_LOG_LEVEL: 'warn' });

    it('an export killed at random moments leaves no dossier or a whole one; the next export finishes', async () => {
      // A case with several megabytes of originals, so that writing its dossier takes a moment.
      const receivedAt = '2026-11-30T09:00:00.000Z';
      const first = await receiveEmail(at(receivedAt), {
        raw: rawMessage({ from: 'Ines Export <ines.export@example.net>', body: 'Mon site est en panne.' }),
        mailbox: complaints(),
        door: 'pipe',
      });
      const reference = first.reference!;
      for (let i = 0; i < 3; i++)
        await receiveEmail(at(`2026-12-0${i + 1}T09:00:00.000Z`), {
          raw: rawMessage({
            from: 'Ines Export <ines.export@example.net>',
            subject: `Re: ${reference}`,
            body: `Les journaux, partie ${i + 1} :\n${randomBytes(1_500_000).toString('base64').replace(/.{76}/g, '$&\n')}`,
          }),
          mailbox: complaints(),
          door: 'pipe',
        });

      // One whole export, to know how long one takes on this machine (only to spread the kills over it).
      const reference0 = join(dir, 'whole.zip');
      const startedAt = Date.now();
      const whole = await runRedress(
        ['archive', 'export', reference, '--out', reference0],
        Buffer.alloc(0),
        env(),
      );
      assert.equal(whole.code, 0, whole.stderr);
      const span = Date.now() - startedAt;
      assert.deepEqual(verifyDossierZip(new Uint8Array(readFileSync(reference0))).problems, []);

      const target = join(dir, `${reference}.zip`);
      const visible = () => readdirSync(dir).filter((n) => !n.startsWith('.'));
      const moments: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        const run = startRedress(['archive', 'export', reference, '--out', target], env());
        if (k === 0) {
          // Once exactly while the file is being written: as soon as the temporary file appears.
          const seen = new Promise<void>((resolve) => {
            const w = watch(dir, (_e, name) => {
              if (name && String(name).startsWith(`.${reference}.zip.partial-`)) {
                w.close();
                resolve();
              }
            });
            void run.exited.then(() => {
              w.close();
              resolve();
            });
          });
          await seen;
          moments.push('when the temporary file appeared');
        } else {
          const wait = Math.floor(Math.random() * span * 1.2);
          moments.push(`after ${wait} ms`);
          await pause(wait);
        }
        const end = await run.kill();
        const what = `kill ${k} (${moments.at(-1)}; ${end.signal ?? `exit ${end.code}`})`;
        // Nothing half-written under a name anyone would open: the dossier is absent or whole.
        assert.deepEqual(
          visible().filter((n) => n !== 'whole.zip' && n !== `${reference}.zip`),
          [],
          what,
        );
        if (existsSync(target)) {
          assert.deepEqual(verifyDossierZip(new Uint8Array(readFileSync(target))).problems, [], what);
          rmSync(target);
        }
      }

      // Run again: it finishes, the dossier verifies offline, and no temporary file is left behind.
      const last = await runRedress(
        ['archive', 'export', reference, '--out', target],
        Buffer.alloc(0),
        env(),
      );
      assert.equal(last.code, 0, `${last.stderr} (kills: ${moments.join(', ')})`);
      const check = await runRedress(['archive', 'verify-dossier', target], Buffer.alloc(0), env());
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.match(check.stdout, new RegExp(`dossier ${reference} intact`));
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.includes('.partial-')),
        [],
        'the temporary files of the killed exports are gone',
      );
    });

    it('a data-subject export killed at random moments leaves no ZIP or a whole one; the next export finishes', async () => {
      // The person of the dossier test above: several megabytes of originals, so the ZIP takes a moment to write.
      const who = 'ines.export@example.net';
      const target = join(dir, 'subject.zip');
      /** A ZIP whose every file matches its line in SHA256SUMS, and that names every file it holds. */
      const whole = (path: string): string[] => {
        const files = unzipSync(new Uint8Array(readFileSync(path)));
        const problems: string[] = [];
        const sums = Buffer.from(files.SHA256SUMS ?? new Uint8Array())
          .toString('utf8')
          .trim()
          .split('\n');
        if (sums.length < 2) problems.push('SHA256SUMS missing or empty');
        for (const line of sums) {
          const [sum, name] = [line.slice(0, 64), line.slice(66)];
          const bytes = files[name];
          if (!bytes) problems.push(`${name} listed but missing`);
          else if (createHash('sha256').update(bytes).digest('hex') !== sum) problems.push(`${name} altered`);
        }
        return problems;
      };
      const startedAt = Date.now();
      const first = await runRedress(['subject', 'export', who, '--out', target], Buffer.alloc(0), env());
      assert.equal(first.code, 0, first.stderr);
      const span = Date.now() - startedAt;
      assert.deepEqual(whole(target), []);
      rmSync(target);

      const moments: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        const run = startRedress(['subject', 'export', who, '--out', target], env());
        const wait = Math.floor(Math.random() * span * 1.2);
        moments.push(`after ${wait} ms`);
        await pause(wait);
        const end = await run.kill();
        const what = `kill ${k} (${moments.at(-1)}; ${end.signal ?? `exit ${end.code}`})`;
        assert.deepEqual(
          readdirSync(dir)
            .filter((n) => !n.startsWith('.') && n.startsWith('subject'))
            .filter((n) => n !== 'subject.zip'),
          [],
          what,
        );
        if (existsSync(target)) {
          assert.deepEqual(whole(target), [], what);
          rmSync(target);
        }
      }
      const last = await runRedress(['subject', 'export', who, '--out', target], Buffer.alloc(0), env());
      assert.equal(last.code, 0, `${last.stderr} (kills: ${moments.join(', ')})`);
      assert.deepEqual(whole(target), []);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.includes('.partial-')),
        [],
        'the temporary files of the killed exports are gone',
      );
    });

    it('a retention run killed at random moments leaves each case whole or untouched; the next run finishes', async () => {
      const db = h.test.database.db;
      const ids: string[] = [];
      for (let i = 0; i < DUE_CASES; i++) {
        const receivedAt = new Date(Date.UTC(2015, 0, 5, 9, 0, i)).toISOString();
        const from = `person${i}@example.net`;
        const r = await receiveEmail(at(receivedAt), {
          raw: rawMessage({
            from: `Person ${i} <${from}>`,
            date: new Date(receivedAt).toUTCString(),
            body: `Nom : Person ${i}\r\nMon domaine person${i}-boutique.fr ne répond plus.\r\n`,
          }),
          mailbox: complaints(),
          door: 'pipe',
        });
        await answerCase(at('2015-02-02T09:00:00.000Z'), r.caseId!, {
          outcome: 'upheld',
          text: 'Le domaine est rétabli, avec nos excuses.',
          remedy: null,
          attachments: [],
          actor: 'user:a',
        });
        await actOnCase(
          at('2015-03-02T09:00:00.000Z'),
          r.caseId!,
          { type: 'close', reason: 'Réglé.' },
          'user:a',
        );
        ids.push(r.caseId!);
      }
      const anonymised = async () =>
        Number(
          (
            await sql<{
              n: number | string;
            }>`select count(*) as n from cases where anonymised_at is not null`.execute(db)
          ).rows[0]!.n,
        );

      /** Each case wholly anonymised or wholly untouched: its row, its events, its inbound mail and originals. */
      const checkWholeOrUntouched = async (what: string) => {
        const cases = await db
          .selectFrom('cases')
          .select(['id', 'subject', 'anonymised_at'])
          .where('id', 'in', ids)
          .execute();
        const events = await db.selectFrom('events').select(['stream', 'redacted']).execute();
        const mail = await db
          .selectFrom('correspondence')
          .select(['case_id', 'from_address', 'original_sha256'])
          .where('direction', '=', 'in')
          .where('case_id', 'in', ids)
          .execute();
        for (const c of cases) {
          const flags = events.filter((e) => e.stream === `case:${c.id}`).map((e) => e.redacted);
          const inbound = mail.filter((m) => m.case_id === c.id);
          assert.ok(flags.length > 0 && inbound.length > 0, what);
          if (c.anonymised_at) {
            assert.equal(c.subject, ANONYMISED, what);
            assert.ok(
              flags.every((f) => f === 1),
              `${what}: every event of an anonymised case is redacted`,
            );
            assert.ok(
              inbound.every((m) => m.original_sha256 === null && !m.from_address?.includes('@')),
              `${what}: its mail keeps neither address nor original`,
            );
          } else {
            assert.notEqual(c.subject, ANONYMISED, what);
            assert.ok(
              flags.every((f) => f === 0),
              `${what}: no event of an untouched case is redacted`,
            );
            assert.ok(
              inbound.every((m) => m.original_sha256 !== null && m.from_address?.includes('@')),
              `${what}: an untouched case keeps its mail`,
            );
          }
        }
        assert.deepEqual((await verifyArchive(at(NOW))).problems, [], what);
      };

      const moments: string[] = [];
      for (let k = 0; k < KILLS && (await anonymised()) < DUE_CASES; k++) {
        const before = await anonymised();
        const run = startRedress(['retention', 'run'], env());
        // Half the kills once a random number of cases more are done (surely mid-run), half at a random moment.
        if (k % 2 === 0) {
          const more = 1 + Math.floor(Math.random() * 8);
          moments.push(`after ${more} more cases`);
          const until = Math.min(before + more, DUE_CASES - 10);
          while ((await anonymised()) < until && run.running()) await pause(2);
        } else {
          // A random moment, but before the run could finish: on a fast machine 60 cases take under 3 s, and a
          // kill after the end would test nothing.
          const wait = Math.floor(Math.random() * 3000);
          const deadline = Date.now() + wait;
          while (Date.now() < deadline && run.running() && (await anonymised()) < DUE_CASES - 10)
            await pause(2);
          moments.push(`after ${wait} ms or 10 cases before the end`);
        }
        const end = await run.kill();
        await checkWholeOrUntouched(
          `kill ${k} (${moments.at(-1)}; ${end.signal ?? `exit ${end.code}: ${run.output()}`})`,
        );
      }
      assert.ok((await anonymised()) < DUE_CASES, `the kills left work to do (${moments.join(', ')})`);

      const rest = await runRedress(['retention', 'run'], Buffer.alloc(0), env());
      assert.equal(rest.code, 0, rest.stderr);
      assert.equal(await anonymised(), DUE_CASES);
      await checkWholeOrUntouched('after the last run');
      const again = await runRedress(['retention', 'run', '--dry-run', '--json'], Buffer.alloc(0), env());
      assert.equal(again.code, 0, again.stderr);
    });
  });
