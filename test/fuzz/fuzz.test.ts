// A short run of the fuzzer (fuzz.ts; `npm run fuzz` runs 100,000 inputs) with a fixed seed, and every input it
// ever saved under test/fixtures/fuzz/ read again: none may make the reading throw or go unanswered, and each
// one sent through the SMTP door is stored or refused with a reason.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareEmailWith } from '../../src/app/prepare-email.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { describeSummary, FAILURES_DIR, fault, minimise, runFuzz, THREW } from './fuzz.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

describe('fuzzing the reading', () => {
  it(`reads ${RUNS} generated and mutated messages without a failure (seed ${SEED})`, {
    timeout: 600_000,
  }, async () => {
    const s = await runFuzz({ seed: SEED, runs: RUNS, smtpEvery: 200 });
    assert.equal(s.failures.length, 0, describeSummary(s));
    assert.equal(s.inputs, RUNS);
    assert.ok(s.smtp.sent > 0 && s.smtp.stored + s.smtp.duplicates + s.smtp.refused === s.smtp.sent);
  });

  it('takes a reading that threw for a failure, and a message over the budget or not a message for none', () => {
    const base = { reading: null, message: null } as unknown as Parameters<typeof fault>[0];
    assert.equal(fault({ ...base, problem: `${THREW} Cannot read properties of undefined` })?.kind, 'threw');
    assert.equal(fault({ ...base, problem: 'too complex to read within its budget' }), null);
    assert.equal(fault({ ...base, problem: null })?.kind, 'fields');
  });

  it('minimises an input to what keeps the same outcome', { timeout: 120_000 }, async () => {
    const h = await startHarness('sqlite');
    try {
      const raw = new Uint8Array(
        readFileSync(join(import.meta.dirname, '../fixtures/mail/001-fr-marker-qp-utf8.eml')),
      );
      const keeps = (p: Parameters<typeof fault>[0]) => p.reading?.markerFound === true;
      const small = await minimise(h, raw, keeps, 20);
      assert.ok(small.byteLength < raw.byteLength / 2, `${small.byteLength} of ${raw.byteLength} bytes`);
      const p = await prepareEmailWith(
        h.ctx,
        { raw: small, mailbox: h.ctx.config.mailboxes[0]!, door: 'smtp' },
        '2026-12-01T10:00:00.000+01:00',
      );
      assert.ok(keeps(p));
    } finally {
      await h.close();
    }
  });

  describe('inputs saved by the fuzzer', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness('sqlite');
    });
    after(async () => {
      await h?.close();
    });
    const saved = readdirSync(FAILURES_DIR).filter((n) => n.endsWith('.eml'));
    for (const name of saved)
      it(`reads ${name}`, async () => {
        const raw = new Uint8Array(readFileSync(join(FAILURES_DIR, name)));
        const p = await prepareEmailWith(
          h.ctx,
          { raw, mailbox: h.ctx.config.mailboxes[0]!, door: 'smtp' },
          '2026-12-01T10:00:00.000+01:00',
        );
        assert.equal(fault(p), null);
        assert.ok(p.reading !== null || p.problem, 'read, or filed unread with a reason');
      });
  });
});
