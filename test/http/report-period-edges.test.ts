// The edges of a report's period as a manager meets them: a period that starts after today (in the organisation's
// time zone, not UTC's) holds no complaint yet, and its zeros must not be read as figures: the page says why and
// shows this month instead, the exports answer 400 naming the field, `redress report` exits with 2. A period that
// starts today or earlier but has not ended is read, and the page says that its figures count up to now.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/core/access/roles.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  createTestApp,
  createUser,
  getPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;

describe('a report period in the future', () => {
  let t: TestApp;
  const sessions = new Map<Role, TestSession>();
  // 30 November 2026, 23:30 UTC: already Tuesday 1 December, 00:30, in Berlin.
  const clock = fixedClock('2026-11-30T23:30:00.000Z');

  before(async () => {
    t = await createTestApp({ clock, env: { REDRESS_TIMEZONE: 'Europe/Berlin' } });
    for (const role of ['lead', 'management'] as const)
      sessions.set(role, await sessionFor(t.ctx, await createUser(t.ctx, role)));
  });
  after(async () => {
    await t?.close();
  });

  it('is explained on the page, which shows this month instead', async () => {
    const page = await getPage(t.app, sessions.get('lead')!, '/reports?from=2027-01-01&to=2027-01-31');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The period starts after today \(December 1, 2026\)/);
    assert.match(page.body, /The figures below are for this month\./);
    assert.match(page.body, /value="2027-01-01"/, 'the dates typed are kept in the form');
  });

  it('is refused by the exports with a 400 that names the field', async () => {
    for (const path of ['/reports/export.csv', '/reports/export.json', '/reports/register.csv']) {
      const res = await getPage(t.app, sessions.get('management')!, `${path}?from=2026-12-02&to=2026-12-31`);
      assert.equal(res.statusCode, 400, path);
      assert.match(res.body, /^from: The period starts after today \(December 1, 2026\)/, path);
    }
  });

  it("reads a period that starts today in the organisation's time zone, saying it has not ended", async () => {
    const page = await getPage(t.app, sessions.get('lead')!, '/reports?from=2026-12-01&to=2026-12-31');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /starts after today/);
    assert.match(page.body, /This period has not ended: its figures count what was received up to/);
    const csv = await getPage(
      t.app,
      sessions.get('management')!,
      '/reports/export.csv?from=2026-12-01&to=2026-12-31',
    );
    assert.equal(csv.statusCode, 200);
    // A period that has ended says nothing of the kind.
    const november = await getPage(t.app, sessions.get('lead')!, '/reports?from=2026-11-01&to=2026-11-30');
    assert.doesNotMatch(november.body, /has not ended/);
  });

  it("is refused for the regulator's return of a half year that has not begun", async () => {
    const page = await getPage(t.app, sessions.get('lead')!, '/reports/regulator?half=2027-H1');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The period starts after today \(December 1, 2026\)/);
    const csv = await getPage(t.app, sessions.get('lead')!, '/reports/regulator.csv?half=2027-H1');
    assert.equal(csv.statusCode, 400);
    assert.match(csv.body, /^half: The period starts after today \(December 1, 2026\)/);
    // The half year under way is read.
    const running = await getPage(t.app, sessions.get('lead')!, '/reports/regulator.csv?half=2026-H2');
    assert.equal(running.statusCode, 200);
  });

  it('is refused by `redress report` with exit code 2', () => {
    const regulator = spawnSync(process.execPath, [bin, 'report', '--regulator', '--half', '2999-H1'], {
      encoding: 'utf8',
      env: { ...process.env, REDRESS_DATABASE_URL: t.tdb.url },
    });
    assert.equal(regulator.status, 2, regulator.stderr);
    assert.match(regulator.stderr, /--half 2999-H1: the half year starts after today/);
    const r = spawnSync(process.execPath, [bin, 'report', '--from', '2999-01-01', '--to', '2999-01-31'], {
      encoding: 'utf8',
      env: { ...process.env, REDRESS_DATABASE_URL: t.tdb.url },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--from 2999-01-01: the period starts after today/);
    const year = spawnSync(process.execPath, [bin, 'report', '--year', '2999'], {
      encoding: 'utf8',
      env: { ...process.env, REDRESS_DATABASE_URL: t.tdb.url },
    });
    assert.equal(year.status, 2, year.stderr);
    assert.match(year.stderr, /--year 2999: the period starts after today/);
  });
});
