// `npm run fuzz`: 100,000 generated and mutated messages through the reading code and one in 200 through the SMTP
// door (fuzz.ts). FUZZ_SEED replays a run (printed at its start), FUZZ_RUNS sets how many inputs, FUZZ_SMTP_EVERY
// how often one goes through SMTP, FUZZ_INDEX reads only that input of the run (to replay one failure).
// Failing inputs are minimised and saved under test/fixtures/fuzz/, where fuzz-replay.test.ts reads them again.
import { prepareEmailWith } from '../../src/app/prepare-email.ts';
import { startHarness } from '../mail/support/harness.ts';
import { describeSummary, fault, inputAt, runFuzz } from './fuzz.ts';
import { loadCorpus } from './inputs.ts';

const seed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
const smtpEvery = Number(process.env.FUZZ_SMTP_EVERY ?? 200);

if (process.env.FUZZ_INDEX) {
  // One input, read on this thread (no budget): to see what it does, in a debugger if need be.
  const index = Number(process.env.FUZZ_INDEX);
  const raw = inputAt(loadCorpus(), seed, index);
  const h = await startHarness('sqlite');
  const p = await prepareEmailWith(
    h.ctx,
    { raw, mailbox: h.ctx.config.mailboxes[0]!, door: 'smtp' },
    '2026-12-01T10:00:00.000+01:00',
  );
  console.log(`input #${index} of seed ${seed}: ${raw.byteLength} bytes`);
  console.log(JSON.stringify({ problem: p.problem, reading: p.reading, fault: fault(p) }, null, 2));
  await h.close();
} else {
  console.log(
    `fuzz: seed ${seed}, ${runs} inputs, one in ${smtpEvery} through SMTP (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs})`,
  );
  const summary = await runFuzz({ seed, runs, smtpEvery, save: true, log: (l) => console.log(l) });
  console.log(describeSummary(summary));
  process.exitCode = summary.failures.length ? 1 : 0;
}
