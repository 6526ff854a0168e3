// Settings changed at run time: checked by the configuration schema, stored, audited, in force at once and on
// other instances (P4.2: the calendar region and closure days are configuration).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.ts';
import { loadSettings, SettingsError, updateSettings, watchSettings } from '../../src/app/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { computeDeadlines } from '../../src/core/calendar/business-calendar.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const acting = { actor: 'user:admin', label: 'admin@example.org', address: '127.0.0.1' };

for (const engine of ENGINES) {
  describe(`settings on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    it('changes the holiday region and closure days at once, audited, and another instance follows', async () => {
      const base = loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW' } });
      const a = createAppContext(base, tdb.database);
      const b = createAppContext(base, tdb.database);
      const due = (ctx: typeof a) =>
        computeDeadlines(ctx.calendar, '2026-12-23T17:00:00Z', ctx.policy).answerByDate;
      assert.equal(due(a), '2027-01-11');
      const { changed } = await updateSettings(
        a,
        base,
        { holidays: 'DE-BE', closureDays: ['2026-12-28'], categories: ['billing', 'dns'] },
        acting,
      );
      assert.deepEqual(changed.sort(), ['categories', 'closureDays', 'holidays']);
      assert.equal(a.config.holidays, 'DE-BE');
      assert.equal(due(a), '2027-01-11', 'Berlin: Epiphany is a working day, but the 28th is a closure day');
      const audit = await tdb.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'config_changed')
        .execute();
      assert.equal(audit.length, 1);
      // Another instance picks it up.
      assert.equal(b.config.holidays, 'DE-BW');
      const watch = watchSettings(b, base, 20);
      await new Promise((r) => setTimeout(r, 150));
      watch.stop();
      assert.equal(b.config.holidays, 'DE-BE');
      assert.deepEqual(b.config.categories, ['billing', 'dns']);
      // A fresh start applies the stored settings over the file and environment.
      const c = createAppContext(base, tdb.database);
      await loadSettings(c, base);
      assert.deepEqual(c.config.closureDays, ['2026-12-28']);
    });

    it('refuses a bad value or a key that is not a setting, naming it, and stores nothing', async () => {
      const base = loadConfig({ env: {} });
      const ctx = createAppContext(base, tdb.database);
      await loadSettings(ctx, base);
      await assert.rejects(
        updateSettings(
          ctx,
          base,
          { holidays: 'DE-XX', workingWeek: [], databaseUrl: 'sqlite::memory:', defaultLanguage: 'fr' },
          acting,
        ),
        (e: unknown) =>
          e instanceof SettingsError &&
          ['holidays', 'workingWeek', 'databaseUrl'].every((k) => e.problems.some((p) => p.key === k)) &&
          /DE-BW/.test(e.message),
      );
      assert.notEqual(ctx.config.defaultLanguage === 'fr' && ctx.config.holidays === 'DE-XX', true);
      const rows = await tdb.database.db
        .selectFrom('settings')
        .select('key')
        .where('key', '=', 'defaultLanguage')
        .execute();
      assert.equal(rows.length, 0);
    });
  });
}
