// Reports narrowed to a department that no one knows, and to an owner whose account is disabled. A misspelt
// department is named beside the department filter, in the reader's language, and the figures are shown without it;
// the downloads and `redress report` refuse it, as they refuse an unknown owner, instead of figures of zeros that
// read as "this department received nothing". A department still accepted: one configured, and one that left the
// configuration while the suggestions forwarded to it stay. The owner list offers a disabled account that owns
// cases, marked as such, since the filter accepts it. On both engines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { openCase } from '../../src/app/open-case.ts';
import { filterValueRefusals } from '../../src/app/report-filter-values.ts';
import type { Language } from '../../src/core/case/model.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  refusalsOnPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

const PERIOD = { from: '2026-11-01', to: '2026-11-30' };
const query = (department: string) =>
  `?from=${PERIOD.from}&to=${PERIOD.to}&department=${encodeURIComponent(department)}`;
const bin = new URL('../../bin/redress.js', import.meta.url).pathname;

const UNKNOWN_DEPARTMENT: Record<Language, string> = {
  en: 'There is no such department: choose one from the list, or "None yet (not forwarded)" for the cases sent to no department.',
  fr: 'Ce service n’existe pas : choisissez-en un dans la liste, ou « Aucun (suggestion pas encore transmise) » pour les dossiers transmis à aucun service.',
  de: 'Diese Abteilung gibt es nicht: Wählen Sie eine aus der Liste oder „Keine (noch nicht weitergeleitet)“ für die Fälle, die an keine Abteilung gingen.',
};

for (const engine of ENGINES)
  describe(`reports with a department no one knows, and a disabled owner (${engine})`, () => {
    let t: TestApp;
    let former: User;
    const sessions = new Map<Language, TestSession>();

    before(async () => {
      t = await createTestApp({
        engine,
        env: departmentsEnv('Billing'),
        clock: fixedClock('2026-12-01T09:00:00.000Z'),
      });
      for (const language of ['en', 'fr', 'de'] as const)
        sessions.set(language, await sessionFor(t.ctx, await createUser(t.ctx, 'management', { language })));
      former = await createUser(t.ctx, 'agent', { name: 'Former Colleague' });
      const owned = await openCase(t.ctx, complaintAt('2026-11-05T10:00:00.000Z'));
      await actOnCase(t.ctx, owned.caseId, { type: 'assign', to: former.id }, 'system');
      await setUserEnabled(t.ctx, former.id, false, { actor: 'cli', label: null, address: null });
      const suggestion = await openCase(
        t.ctx,
        complaintAt('2026-11-06T10:00:00.000Z', { kind: 'suggestion', step: null }),
      );
      await forwardSuggestion(t.ctx, suggestion.caseId, {
        department: 'Billing',
        note: null,
        actor: 'system',
      });
    });
    after(async () => {
      await t?.close();
    });

    it('the page names the unknown department in the reader’s language and shows the figures without it', async () => {
      for (const [language, session] of sessions) {
        const res = await getPage(t.app, session, `/reports${query('Biling')}`);
        assert.equal(res.statusCode, 200, language);
        assert.ok(refusalsOnPage(res.body).includes(UNKNOWN_DEPARTMENT[language]), language);
      }
    });

    it('the downloads refuse it with a 400 that says which filter and why', async () => {
      for (const [language, session] of sessions)
        for (const path of ['/reports/export.json', '/reports/export.csv', '/reports/register.csv']) {
          const res = await getPage(t.app, session, `${path}${query('Biling')}`);
          assert.equal(res.statusCode, 400, `${language} ${path}`);
          assert.equal(res.body, `department: ${UNKNOWN_DEPARTMENT[language]}`, `${language} ${path}`);
        }
    });

    it('`redress report --department` refuses it, naming the departments it knows', () => {
      const r = spawnSync(
        process.execPath,
        [bin, 'report', '--from', PERIOD.from, '--to', PERIOD.to, '--department', 'Biling'],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            REDRESS_DATABASE_URL: t.tdb.url,
            REDRESS_DEPARTMENTS: departmentsEnv('Billing').REDRESS_DEPARTMENTS,
          },
        },
      );
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        /--department: no department is named "Biling"; give one of "Billing" exactly as written/,
      );
    });

    it('a configured department, and one that left the configuration but holds cases, still narrow the figures', async () => {
      const res = await getPage(t.app, sessions.get('en')!, `/reports/export.json${query('Billing')}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(JSON.parse(res.body).filter, { department: 'Billing' });
      const withoutBilling = { ...t.ctx, config: { ...t.ctx.config, departments: [] } };
      assert.deepEqual(await filterValueRefusals(withoutBilling, { department: 'Billing' }), {});
      assert.ok((await filterValueRefusals(withoutBilling, { department: 'Biling' })).department);
    });

    it('the owner list offers a disabled account that owns cases, marked as disabled', async () => {
      const page = await getPage(t.app, sessions.get('en')!, `/reports?from=${PERIOD.from}&to=${PERIOD.to}`);
      assert.match(
        page.body,
        new RegExp(`<option value="${former.id}"[^>]*>Former Colleague \\(Disabled\\)</option>`),
      );
    });
  });
