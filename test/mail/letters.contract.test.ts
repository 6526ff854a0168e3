// Registering postal letters (issue 4 item 6; P1.1, P1.2, P2, P3.1, P5), on SQLite and PostgreSQL: the clock
// starts on the day the letter arrived, the scan is the original, a step-2 letter escalates its step-1 case,
// a letter naming a case is filed on it, and the same scan twice is one letter.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { registerLetter } from '../../src/app/register-letter.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { runRedress } from './support/server.ts';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% scan of a letter: ${text}\n%%EOF\n`, 'latin1');
const STEP1 = 'Transmission de réclamation - Etape 1';
const STEP2 = 'Transmission de réclamation - Etape 2';

for (const engine of ENGINES) {
  describe(`registering letters (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T12:00:00.000Z');
    before(async () => {
      h = await startHarness(engine, { clock });
    });
    after(() => h.close());
    const caseRow = (id: string) =>
      h.test.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('opens a case whose clock starts at 00:00 local on the day the letter arrived, with the scan as original', async () => {
      const scan = pdf('Jean Martin, 20 Nov');
      const r = await registerLetter(
        h.ctx,
        {
          arrived: '2026-11-20',
          title: STEP1,
          complainant: {
            name: 'Jean Martin',
            postalAddress: ['Jean Martin', '12 rue de la Paix', '75002 Paris'],
          },
          language: 'fr',
          ticketRefs: ['482913'],
          domains: ['XN--MLLER-BAU-Q9A.DE'],
          description: 'Mon site est hors ligne depuis la migration.',
          expectations: 'Le rétablissement du site.',
        },
        { content: scan, contentType: 'application/pdf', filename: 'scan.pdf' },
        'user:clerk',
      );
      assert.equal(r.filing, 'case_opened');
      assert.equal(r.receivedAt, '2026-11-19T23:00:00.000Z', '00:00 in Europe/Berlin');
      assert.deepEqual(r.missing, []);
      assert.equal(r.acknowledgement, 'letter', 'no e-mail address: a printable acknowledgement');
      const c = await caseRow(r.caseId!);
      assert.equal(c.channel, 'letter');
      assert.equal(c.step, 1);
      assert.equal(c.received_at, '2026-11-19T23:00:00.000Z');
      assert.equal(c.answer_by_date, '2026-12-04', '10 working days after Friday 20 November');
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
        .select([
          'originals.content',
          'originals.content_type',
          'correspondence.door',
          'correspondence.reading',
        ])
        .where('correspondence.id', '=', r.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.ok(Buffer.from(row.content).equals(scan));
      assert.equal(row.content_type, 'application/pdf');
      assert.equal(row.door, 'letter');
      assert.deepEqual(JSON.parse(row.reading!).domains, ['müller-bau.de']);

      const again = await registerLetter(
        h.ctx,
        { arrived: '2026-11-20', title: STEP1 },
        { content: scan },
        'user:clerk',
      );
      assert.equal(again.duplicate, true);
      assert.equal(again.correspondenceId, r.correspondenceId);
    });

    it('takes the local time of arrival when it is given, and acknowledges by e-mail when an address is known', async () => {
      const r = await registerLetter(
        h.ctx,
        {
          arrived: '2026-11-20',
          time: '14:05',
          title: STEP1,
          complainant: { name: 'Petra Vogel', email: 'Petra.Vogel@example.de' },
          language: 'de',
          description: 'Doppelte Abbuchung.',
          expectations: 'Erstattung.',
        },
        null,
        'user:clerk',
      );
      assert.equal(r.receivedAt, '2026-11-20T13:05:00.000Z');
      assert.equal(r.acknowledgement, 'email');
    });

    it('names what a letter lacks (P2.7): no marker, no contact, no expectations', async () => {
      const r = await registerLetter(
        h.ctx,
        { arrived: '2026-11-23', complainant: { name: 'Anonyme' }, description: 'Rien ne marche.' },
        null,
        'user:clerk',
      );
      assert.deepEqual(r.missing, ['contact', 'expectations', 'marker']);
    });

    it('escalates a step-1 case with a step-2 letter, and files a letter naming a case on it', async () => {
      const step1 = await registerLetter(
        h.ctx,
        {
          arrived: '2026-11-16',
          title: STEP1,
          complainant: { name: 'Luc Bernard', email: 'luc@example.fr' },
          description: 'Facture erronée.',
          expectations: 'Correction.',
        },
        null,
        'user:clerk',
      );
      const info = await registerLetter(
        h.ctx,
        { arrived: '2026-11-18', caseReference: step1.reference, description: 'Voici la facture.' },
        { content: pdf('invoice copy') },
        'user:clerk',
      );
      assert.equal(info.filing, 'filed_on_case');
      assert.equal(info.caseId, step1.caseId);
      const step2 = await registerLetter(
        h.ctx,
        {
          arrived: '2026-11-23',
          title: STEP2,
          caseReference: step1.reference!.toLowerCase(),
          complainant: { name: 'Luc Bernard', email: 'luc@example.fr' },
          description: 'La réponse ne me convient pas.',
          expectations: 'Un geste commercial.',
        },
        { content: pdf('step 2 letter') },
        'user:clerk',
      );
      assert.equal(step2.filing, 'step2_case_opened');
      const c2 = await caseRow(step2.caseId!);
      assert.equal(c2.step, 2);
      assert.equal(c2.step1_case_id, step1.caseId);
      assert.equal((await caseRow(step1.caseId!)).step2_case_id, step2.caseId);
    });

    it('opens a suggestion case for a suggestion letter', async () => {
      const r = await registerLetter(
        h.ctx,
        { arrived: '2026-11-23', kind: 'suggestion', complainant: { name: 'Eva' }, description: 'Une idée.' },
        null,
        'user:clerk',
      );
      assert.equal((await caseRow(r.caseId!)).kind, 'suggestion');
      assert.match(r.reference!, /^SG-/);
    });

    it('refuses what cannot be right, naming the field and the fix', async () => {
      const refused = async (
        input: Parameters<typeof registerLetter>[1],
        scan: Buffer | null,
        pattern: RegExp,
      ) =>
        assert.rejects(registerLetter(h.ctx, input, scan && { content: scan }, 'user:clerk'), (e: Error) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, 'invalid_command');
          assert.match(e.message, pattern);
          return true;
        });
      const before = await h.counts();
      await refused({ arrived: '2026-12-24' }, null, /arrived: 2026-12-24 is in the future/);
      // A year mistyped (1900, or 2025 for 2026) would open a case in another year's register, late before it
      // begins: more than a year back is refused, naming the date to check.
      await refused(
        { arrived: '1900-01-01', complainant: { name: 'Anne Ancienne' } },
        null,
        /arrived: 1900-01-01 is more than a year ago/,
      );
      await refused(
        { arrived: '2025-11-22', complainant: { name: 'Anne Ancienne' } },
        null,
        /arrived: 2025-11-22 is more than a year ago/,
      );
      // An empty form (only the date) is not a letter: nothing is opened (P2.7 still registers a letter that
      // lacks some of P2's information, as long as it carries something: a scan, a name or a text).
      await refused({ arrived: '2026-11-23' }, null, /letter: the letter is empty/);
      await refused({ arrived: '23.11.2026' }, null, /arrived: the date the letter arrived as YYYY-MM-DD/);
      await refused({ arrived: '2026-11-23', time: '25:00' }, null, /time: a local time as HH:MM/);
      await refused({ arrived: '2026-11-23' }, Buffer.from('hello'), /scan: not a PDF or an image/);
      await refused(
        { arrived: '2026-11-23', domains: ['facture.pdf'] },
        null,
        /domains: "facture.pdf" is not a domain/,
      );
      await refused(
        { arrived: '2026-11-23', caseReference: 'RC-2026-999999', complainant: { name: 'Jean Martin' } },
        null,
        /there is no case RC-2026-999999/,
      );
      await refused({ arrived: '2026-11-23', kind: 'suggestion', step: 2 }, null, /a suggestion has no step/);
      assert.deepEqual(await h.counts(), before, 'nothing stored');
    });
  });
}

describe('redress letter register', () => {
  it('registers a letter with its scan and prints the result; a wrong option exits 2', async () => {
    const test = await createTestDatabase('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'redress-letter-'));
    try {
      const scanFile = join(dir, 'letter.pdf');
      writeFileSync(scanFile, pdf('cli'));
      const env = { REDRESS_DATABASE_URL: test.url };
      const ok = await runRedress(
        [
          'letter',
          'register',
          '--arrived',
          '2026-11-20',
          '--title',
          STEP1,
          '--name',
          'Jean Martin',
          '--address',
          '12 rue de la Paix',
          '--address',
          '75002 Paris',
          '--description',
          'Site hors ligne.',
          '--expectations',
          'Le remettre en ligne.',
          '--scan',
          scanFile,
          '--json',
        ],
        Buffer.alloc(0),
        env,
      );
      assert.equal(ok.code, 0, ok.stderr);
      const r = JSON.parse(ok.stdout) as { reference: string; filing: string; acknowledgement: string };
      assert.match(r.reference, /^RC-2026-\d{6}$/);
      assert.equal(r.filing, 'case_opened');
      assert.equal(r.acknowledgement, 'letter');
      const bad = await runRedress(
        ['letter', 'register', '--arrived', '2026-11-20', '--step', '3'],
        Buffer.alloc(0),
        env,
      );
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--step 3: give 1 or 2/);
      const future = await runRedress(
        ['letter', 'register', '--arrived', '2099-01-01'],
        Buffer.alloc(0),
        env,
      );
      assert.equal(future.code, 2);
      assert.match(future.stderr, /is in the future/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await test.drop();
    }
  });
});
