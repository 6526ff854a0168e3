// The reports page and its downloads with an owner that names no staff account: the page says so beside the owner
// filter, in the reader's language, and shows the figures without that filter; the CSV, the JSON and the register
// are refused (400) with the same sentence, as for any other value a filter cannot take, instead of figures of
// zeros that look like an owner with no cases. An account's id, a disabled account's too, and "_none" (the cases
// owned by nobody) still narrow the figures. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import type { Language } from '../../src/core/case/model.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  refusalsOnPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

const PERIOD = { from: '2026-11-01', to: '2026-11-30' };
const query = (owner: string) => `?from=${PERIOD.from}&to=${PERIOD.to}&owner=${encodeURIComponent(owner)}`;

const UNKNOWN_OWNER: Record<Language, string> = {
  en: 'There is no such staff account: choose an owner from the list, or "Nobody" for the cases nobody owns.',
  fr: 'Ce compte du personnel n’existe pas : choisissez un responsable dans la liste, ou « Personne » pour les dossiers sans responsable.',
  de: 'Dieses Konto gibt es nicht: Wählen Sie eine zuständige Person aus der Liste oder „Niemand“ für die Fälle, für die niemand zuständig ist.',
};
const IGNORED: Record<Language, string> = {
  en: 'A filter could not be used; the figures below are shown without it.',
  fr: "Un filtre n'a pas pu être appliqué ; les chiffres ci-dessous sont présentés sans lui.",
  de: 'Ein Filter konnte nicht angewendet werden; die Zahlen unten werden ohne ihn gezeigt.',
};

for (const engine of ENGINES)
  describe(`reports with an owner that names no account (${engine})`, () => {
    let t: TestApp;
    let agent: User;
    let former: User;
    const sessions = new Map<Language, TestSession>();

    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-12-01T09:00:00.000Z') });
      for (const language of ['en', 'fr', 'de'] as const)
        sessions.set(language, await sessionFor(t.ctx, await createUser(t.ctx, 'management', { language })));
      agent = await createUser(t.ctx, 'agent');
      former = await createUser(t.ctx, 'agent');
      const owned = await openCase(t.ctx, complaintAt('2026-11-03T10:00:00.000Z'));
      await openCase(t.ctx, complaintAt('2026-11-04T10:00:00.000Z'));
      const formerCase = await openCase(t.ctx, complaintAt('2026-11-05T10:00:00.000Z'));
      await actOnCase(t.ctx, owned.caseId, { type: 'assign', to: agent.id }, 'system');
      await actOnCase(t.ctx, formerCase.caseId, { type: 'assign', to: former.id }, 'system');
      await setUserEnabled(t.ctx, former.id, false, { actor: 'cli', label: null, address: null });
    });
    after(async () => {
      await t?.close();
    });

    it('the page names the unknown owner in the reader’s language and shows the figures without it', async () => {
      const all = await reportCases(t.ctx, PERIOD);
      assert.equal(all.complaints.received, 3);
      for (const [language, session] of sessions) {
        const res = await getPage(t.app, session, `/reports${query('no-such-account')}`);
        assert.equal(res.statusCode, 200, language);
        const refusals = refusalsOnPage(res.body);
        assert.ok(refusals.includes(UNKNOWN_OWNER[language]), `${language}: ${refusals}`);
        assert.ok(refusals.includes(IGNORED[language]), `${language}: ${refusals}`);
      }
    });

    it('the downloads are refused with a 400 that says which filter and why, in the reader’s language', async () => {
      for (const [language, session] of sessions)
        for (const path of ['/reports/export.json', '/reports/export.csv', '/reports/register.csv']) {
          const res = await getPage(t.app, session, `${path}${query('no-such-account')}`);
          assert.equal(res.statusCode, 400, `${language} ${path}`);
          assert.equal(res.body, `owner: ${UNKNOWN_OWNER[language]}`, `${language} ${path}`);
        }
    });

    it('an account, a disabled one too, and "_none" still narrow the figures', async () => {
      for (const [owner, filter] of [
        [agent.id, { owner: agent.id }],
        [former.id, { owner: former.id }],
        ['_none', { owner: null }],
      ] as const) {
        const res = await getPage(t.app, sessions.get('en')!, `/reports/export.json${query(owner)}`);
        assert.equal(res.statusCode, 200, res.body);
        const report = JSON.parse(res.body);
        assert.deepEqual(report.filter, filter);
        assert.equal(report.complaints.received, 1, owner);
        const page = await getPage(t.app, sessions.get('en')!, `/reports${query(owner)}`);
        assert.equal(refusalsOnPage(page.body), '', owner);
      }
    });
  });
