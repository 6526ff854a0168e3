// The exit code of a command that failed: 75 ("try again later") for every failure that is the database's and may
// pass, by the same rule the IMAP poller uses to tell them from a message's fault (temporary-failure.ts); a mail
// server or a scheduler reads 75 as "retry", 1 as "this will not work". Usage and configuration mistakes are 2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatabaseUnavailableError } from '../../src/adapters/db/database.ts';
import { isTemporaryFailure } from '../../src/adapters/db/temporary-failure.ts';
import { EXIT, exitCodeOf, UsageError } from '../../src/cli/common.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('exit codes of failed commands', () => {
  it('says "try again later" for every temporary failure of the database', () => {
    for (const e of [
      withCode('SQLITE_FULL', 'database or disk is full'),
      withCode('SQLITE_IOERR_WRITE'),
      withCode('SQLITE_BUSY'),
      withCode('53100', 'could not extend file: No space left on device'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('ECONNREFUSED'),
      new Error('Connection terminated unexpectedly'),
      new DatabaseUnavailableError('down'),
    ]) {
      assert.ok(isTemporaryFailure(e), (e as Error).message);
      assert.equal(exitCodeOf(e), EXIT.tempfail, (e as Error).message);
    }
  });

  it('says "failed" for anything else, and "usage" for a mistake on the command line', () => {
    assert.equal(exitCodeOf(withCode('23505', 'duplicate key value')), EXIT.failure);
    assert.equal(exitCodeOf(new Error('something else')), EXIT.failure);
    assert.equal(exitCodeOf(new UsageError('--from: a date')), EXIT.usage);
  });
});
