// Suggestions and their departments (P9): a department that still holds open suggestions cannot be removed from
// the settings (they would be left with a department no one can forward to), and a suggestion's handling time runs
// to the last "done" that no reopening followed, as a complaint's time to answer runs to its last answer. On both
// engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { suggestionTimesIn } from '../../src/adapters/db/report.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { completeSuggestion, forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { openCase } from '../../src/app/open-case.ts';
import { SettingsError, updateSettings } from '../../src/app/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';

const acting = { actor: 'user:admin', label: 'admin@example.org', address: '127.0.0.1' };
const department = (name: string) => ({ name, email: `${name.toLowerCase()}@example.org`, keywords: [] });

for (const engine of ENGINES)
  describe(`suggestions and their departments (${engine})`, () => {
    let t: TestApp;
    const clock = fixedClock('2026-11-02T09:00:00.000Z');
    const env = departmentsEnv('Billing', 'Hosting');
    const base = loadConfig({ env, cwd: '/nonexistent' });

    before(async () => {
      t = await createTestApp({ engine, env, clock });
    });
    after(async () => {
      await t?.close();
    });

    it('refuses to remove a department that holds open suggestions, naming how many; once moved, it goes', async () => {
      const ids: string[] = [];
      for (const day of ['03', '04']) {
        const s = await openCase(
          t.ctx,
          complaintAt(`2026-11-${day}T10:00:00.000Z`, { kind: 'suggestion', step: null }),
        );
        await forwardSuggestion(t.ctx, s.caseId, { department: 'Billing', note: null, actor: 'system' });
        ids.push(s.caseId);
      }
      await assert.rejects(
        updateSettings(t.ctx, base, { departments: [department('Hosting')] }, acting),
        (e: unknown) => {
          assert.ok(e instanceof SettingsError);
          assert.deepEqual(
            e.problems.map((p) => p.rule),
            [{ code: 'department_has_suggestions', department: 'Billing', openSuggestions: 2 }],
          );
          return true;
        },
      );
      // The settings page says it above the form, in the reader's language, with how to move them.
      const german = await sessionFor(
        t.ctx,
        await createUser(t.ctx, 'administrator', { name: 'Anna Admin', language: 'de' }),
      );
      const page = await postForm(t.app, german, '/admin/departments', {
        'name-0': 'Hosting',
        'email-0': 'hosting@example.org',
        'keywords-0': '',
      });
      assert.equal(page.statusCode, 422);
      assert.match(page.body, /Billing hat noch 2 offene Vorschläge: Leiten Sie sie auf ihren Fallseiten/);
      assert.deepEqual(
        t.ctx.config.departments.map((d) => d.name),
        ['Billing', 'Hosting'],
      );
      // One handled (closed with it), the other moved: nothing is left open with Billing.
      await completeSuggestion(t.ctx, ids[0]!, { note: null, actor: 'system' });
      await forwardSuggestion(t.ctx, ids[1]!, { department: 'Hosting', note: null, actor: 'system' });
      const { changed } = await updateSettings(t.ctx, base, { departments: [department('Hosting')] }, acting);
      assert.deepEqual(changed, ['departments']);
    });

    it('counts a suggestion done, reopened and done again to its last done; reopened and not done again, as not done', async () => {
      clock.set('2026-11-09T08:00:00.000Z');
      const again = await openCase(
        t.ctx,
        complaintAt('2026-11-09T08:00:00.000Z', { kind: 'suggestion', step: null }),
      );
      const pending = await openCase(
        t.ctx,
        complaintAt('2026-11-09T08:30:00.000Z', { kind: 'suggestion', step: null }),
      );
      for (const id of [again.caseId, pending.caseId]) {
        await forwardSuggestion(t.ctx, id, { department: 'Hosting', note: null, actor: 'system' });
        await completeSuggestion(t.ctx, id, { note: null, actor: 'system' });
      }
      clock.set('2026-11-12T10:00:00.000Z');
      for (const id of [again.caseId, pending.caseId])
        await actOnCase(t.ctx, id, { type: 'reopen', reason: 'The department had not finished.' }, 'system');
      clock.set('2026-11-20T10:00:00.000Z');
      await completeSuggestion(t.ctx, again.caseId, { note: null, actor: 'system' });
      const times = await suggestionTimesIn(
        t.ctx.database.db,
        '2026-11-09T00:00:00.000Z',
        '2026-11-10T00:00:00.000Z',
      );
      const byReceipt = new Map(times.map((s) => [s.receivedAt, s.doneAt]));
      assert.equal(byReceipt.get('2026-11-09T08:00:00.000Z'), '2026-11-20T10:00:00.000Z');
      assert.equal(byReceipt.get('2026-11-09T08:30:00.000Z'), null);
    });
  });
