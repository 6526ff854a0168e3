import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportPeriodProblems, stillRunning } from './report-period.ts';

describe('the periods a report can be read for', () => {
  const today = '2026-12-01';
  it('reads a period that has ended or that starts today or earlier', () => {
    assert.deepEqual(reportPeriodProblems({ from: '2026-11-01', to: '2026-11-30' }, { today }), {});
    assert.deepEqual(reportPeriodProblems({ from: '2026-12-01', to: '2026-12-31' }, { today }), {});
  });
  it('refuses a period that starts after today, naming today', () => {
    assert.deepEqual(reportPeriodProblems({ from: '2026-12-02', to: '2026-12-31' }, { today }), {
      from: { code: 'future', today },
    });
  });
  it('names a date that is not one, a reversed period and one too long, each at its field', () => {
    assert.deepEqual(reportPeriodProblems({ from: '2026-02-30', to: '26-01-01' }, { today }), {
      from: { code: 'date' },
      to: { code: 'date' },
    });
    assert.deepEqual(reportPeriodProblems({ from: '2026-03-01', to: '2026-01-01' }, { today }), {
      to: { code: 'order' },
    });
    assert.deepEqual(reportPeriodProblems({ from: '2020-01-01', to: '2025-01-01' }, { today, maxYears: 5 }), {
      to: { code: 'too_long', years: 5 },
    });
    assert.deepEqual(
      reportPeriodProblems({ from: '2020-01-02', to: '2025-01-01' }, { today, maxYears: 5 }),
      {},
    );
  });
  it('says when a period has not ended', () => {
    assert.equal(stillRunning({ to: '2026-12-01' }, today), true);
    assert.equal(stillRunning({ to: '2026-11-30' }, today), false);
  });
});
