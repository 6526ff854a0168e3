// `redress report --owner` with an id that names no staff account is refused (exit code 2, nothing printed), as any
// other value a filter cannot take, instead of printing a report of zeros that looks like an owner with no cases;
// the message says how to find an account's id (`redress user list`, which now prints it). The report, the register
// and the regulator's return read the same filter and refuse alike. An account's id, a disabled account's too, and
// "_none" (the cases owned by nobody) are still accepted. On both engines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { openCase } from '../../src/app/open-case.ts';
import { loadConfig } from '../../src/config.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { createUser } from '../support/http.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const PERIOD = ['--from', '2026-01-01', '--to', '2026-06-30'];

for (const engine of ENGINES)
  describe(`redress report --owner with an id that names no account (${engine})`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    let agent: User;
    let former: User;
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args], {
        encoding: 'utf8',
        env: { ...process.env, REDRESS_DATABASE_URL: tdb.url },
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {}, cwd: '/nonexistent' }), tdb.database);
      agent = await createUser(ctx, 'agent');
      former = await createUser(ctx, 'agent');
      const owned = await openCase(ctx, complaintAt('2026-02-03T10:00:00.000Z'));
      await openCase(ctx, complaintAt('2026-02-04T10:00:00.000Z'));
      const formerCase = await openCase(ctx, complaintAt('2026-02-05T10:00:00.000Z'));
      await actOnCase(ctx, owned.caseId, { type: 'assign', to: agent.id }, 'system');
      await actOnCase(ctx, formerCase.caseId, { type: 'assign', to: former.id }, 'system');
      await setUserEnabled(ctx, former.id, false, { actor: 'cli', label: null, address: null });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('refuses an id that names no account, in the report, the register and the return, saying how to find one', () => {
      for (const args of [
        ['report', ...PERIOD, '--owner', 'no-such-account'],
        ['report', ...PERIOD, '--format', 'table', '--owner', 'no-such-account'],
        ['report', ...PERIOD, '--register', '--format', 'csv', '--owner', 'no-such-account'],
        ['report', '--regulator', '--half', '2026-H1', '--owner', 'no-such-account'],
      ]) {
        const r = run(...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(
          r.stderr,
          /--owner: no staff account has the id "no-such-account"; give an account's id \(`redress user list` shows them\), or _none for the cases owned by nobody/,
          args.join(' '),
        );
      }
    });

    it('still narrows to an account, a disabled one too, and to the cases owned by nobody', () => {
      for (const [owner, received] of [
        [agent.id, 1],
        [former.id, 1],
        ['_none', 1],
      ] as const) {
        const r = run('report', ...PERIOD, '--owner', owner);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).complaints.received, received, owner);
      }
    });

    it('`redress user list` prints the id the filter takes', () => {
      const r = run('user', 'list');
      assert.equal(r.code, 0, r.stderr);
      const ids = r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id);
      assert.deepEqual(ids.sort(), [agent.id, former.id].sort());
    });
  });
