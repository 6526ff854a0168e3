// Categories on SQLite and PostgreSQL: a list of keys saved by an earlier version becomes the catalogue (the
// migration), administrators edit it (audited, keys never removed, a retired category kept on its cases), a
// complaint opened by e-mail or by the form gets the category its words suggest, shown on the case page for an
// agent to confirm with the ordinary categorise action; the root cause and remedy given with the answer come out
// in the register, CSV and JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { up as migrateCategories } from '../../src/adapters/db/migrations/202612050340-category-catalogue.ts';
import { registerCsv, registerJsonLines } from '../../src/adapters/report/register-export.ts';
import { reportCsv } from '../../src/adapters/report/report-export.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { loadSettings } from '../../src/app/settings.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { loadConfig } from '../../src/config.ts';
import { type Category, categoryLabels } from '../../src/core/case/categories.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { postMultipart } from '../support/staff.ts';

const collect = async (it: AsyncIterable<string>) => {
  let s = '';
  for await (const x of it) s += x;
  return s;
};

/** The catalogue editor's form for a catalogue, with changes: row i is the i-th category. */
function catalogueForm(catalogue: readonly Category[]): Record<string, string> {
  const values: Record<string, string> = {};
  catalogue.forEach((c, i) => {
    values[`key-${i}`] = c.key;
    values[`state-${i}`] = c.retired ? 'retired' : 'offered';
    for (const l of ['fr', 'en', 'de'] as const) {
      values[`label_${l}-${i}`] = c.labels[l];
      values[`keywords_${l}-${i}`] = c.keywords[l].join(', ');
    }
  });
  return values;
}

for (const engine of ENGINES) {
  describe(`categories on ${engine}`, () => {
    let t: TestApp;
    let admin: TestSession;
    let agent: TestSession;

    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-23T09:00:00.000Z') });
      admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator'));
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'lead'));
    });
    after(async () => {
      await t?.close();
    });

    it('turns a list of keys saved by an earlier version into the catalogue, once', async () => {
      const db = t.ctx.database.db;
      await db
        .insertInto('settings')
        .values({
          key: 'categories',
          value: '["billing","domains","vip_clients"]',
          updated_at: 'x',
          updated_by: 'old',
        })
        .execute();
      await migrateCategories(db);
      await migrateCategories(db); // a second run changes nothing
      const rows = await db
        .selectFrom('settings')
        .selectAll()
        .where('key', '=', 'categoryCatalogue')
        .execute();
      assert.equal(rows.length, 1);
      const base = loadConfig({ env: {}, cwd: '/nonexistent' });
      await loadSettings(t.ctx, base);
      assert.deepEqual(t.ctx.config.categories, ['billing', 'domains', 'vip_clients']);
      const domains = t.ctx.config.categoryCatalogue?.find((c) => c.key === 'domains');
      assert.deepEqual(domains?.labels, { fr: 'Domaines', en: 'Domains', de: 'Domains' });
      assert.equal(t.ctx.config.categoryCatalogue?.find((c) => c.key === 'transfer')?.retired, true);
      // Back to the defaults for the tests below (the catalogue stored by the migration goes).
      await db.deleteFrom('settings').where('key', 'in', ['categories', 'categoryCatalogue']).execute();
      await loadSettings(t.ctx, base);
      t.ctx.refresh(base);
      assert.ok(t.ctx.config.categories.includes('transfer'));
    });

    it('lets an administrator relabel, retire and add categories, audited, and refuses to remove one', async () => {
      const catalogue = t.ctx.config.categoryCatalogue!;
      const values = catalogueForm(catalogue);
      const ssl = catalogue.findIndex((c) => c.key === 'ssl');
      const billing = catalogue.findIndex((c) => c.key === 'billing');
      const n = catalogue.length;
      // Removing a category (its row left out) is refused: it may be on cases and in exports.
      const without = { ...values };
      for (const k of Object.keys(without)) if (k.endsWith(`-${ssl}`)) delete without[k];
      const refused = await postForm(t.app, admin, '/admin/categories', without);
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /The category ssl is missing/);
      // A missing label is said at its field.
      const unlabelled = await postForm(t.app, admin, '/admin/categories', {
        ...values,
        [`label_de-${billing}`]: '',
      });
      assert.equal(unlabelled.statusCode, 422);
      assert.match(
        unlabelled.body,
        new RegExp(`id="categories-label_de-${billing}-error">Write a label in every language`),
      );

      const ok = await postForm(t.app, admin, '/admin/categories', {
        ...values,
        [`state-${ssl}`]: 'retired',
        [`label_en-${billing}`]: 'Invoices and payments',
        [`key-${n}`]: 'gdpr_requests',
        [`label_fr-${n}`]: 'Demandes RGPD',
        [`label_en-${n}`]: 'GDPR requests',
        [`label_de-${n}`]: 'DSGVO-Anfragen',
        [`keywords_en-${n}`]: 'subject access, erasure request',
        [`state-${n}`]: 'offered',
      });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.ok(!t.ctx.config.categories.includes('ssl'), 'a retired category is no longer offered');
      assert.ok(
        t.ctx.config.categoryCatalogue!.some((c) => c.key === 'ssl'),
        'but stays in the catalogue',
      );
      assert.ok(t.ctx.config.categories.includes('gdpr_requests'));
      const audit = await t.ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'config_changed')
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      const detail = JSON.parse(String(audit.detail));
      assert.deepEqual(detail.keys, ['categoryCatalogue']);
      assert.deepEqual(detail.categories.added, ['gdpr_requests']);
      assert.deepEqual(detail.categories.retired, ['ssl']);
      assert.deepEqual(detail.categories.relabelled, ['billing']);
      // The new label shows on the pages at once, in each language.
      const page = await getPage(t.app, admin, '/admin/categories?try=erasure+request+please');
      assert.match(page.body, /Suggested: GDPR requests \(because of: erasure request\)/);
    });

    it('suggests a category for a complaint by e-mail, shown on the case page; confirming it categorises', async () => {
      const mailbox = t.ctx.config.mailboxes.find((m) => m.role === 'complaints')!;
      const got = await receiveEmail(t.ctx, {
        raw: rawMessage({
          body: 'Bonjour,\n\nLe transfert de mon domaine est bloqué, le code d’autorisation est refusé.\n\nJ’attends un nouveau code.',
        }),
        mailbox,
        door: 'pipe',
      });
      assert.ok(got.caseId);
      const events = await t.ctx.database.db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('stream', '=', `case:${got.caseId}`)
        .orderBy('seq')
        .execute();
      const received = events.find((e) => e.type === 'case_received');
      assert.deepEqual(JSON.parse(String(received?.payload)).suggestedCategory, {
        category: 'transfer',
        words: ['transfert', 'code d autorisation'],
      });
      const page = await getPage(t.app, agent, `/cases/${got.caseId}`);
      assert.match(page.body, /Suggested: Transfers and auth codes/);
      assert.match(page.body, /because of: transfert, code d autorisation/);
      assert.match(
        page.body,
        /<button type="submit" class="small primary">Confirm Transfers and auth codes<\/button>/,
      );

      const confirm = await postForm(t.app, agent, `/cases/${got.caseId}/categorise`, {
        category: 'transfer',
      });
      assert.equal(confirm.statusCode, 303);
      const after = await getPage(t.app, agent, `/cases/${got.caseId}`);
      assert.doesNotMatch(after.body, /id="category-suggestion"/, 'once categorised, the suggestion goes');
      const row = await t.ctx.database.db
        .selectFrom('cases')
        .select('category')
        .where('id', '=', got.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(row.category, 'transfer');
    });

    it('suggests a category for a complaint from the form, in German; none when no keyword occurs', async () => {
      const opened = await submitComplaint(
        t.ctx,
        {
          complainant: { name: 'Jana', email: 'jana@example.de' },
          description: 'Die Rechnung enthält eine doppelte Abbuchung per Lastschrift.',
          expectations: 'Erstattung des doppelten Betrags.',
          language: 'de',
        },
        { channel: 'web', actor: 'test' },
      );
      const receipt = async (caseId: string) =>
        JSON.parse(
          String(
            (
              await t.ctx.database.db
                .selectFrom('events')
                .select('payload')
                .where('stream', '=', `case:${caseId}`)
                .where('type', '=', 'case_received')
                .executeTakeFirstOrThrow()
            ).payload,
          ),
        );
      assert.equal((await receipt(opened.caseId)).suggestedCategory.category, 'billing');
      const plain = await submitComplaint(
        t.ctx,
        {
          complainant: { name: 'Bo', email: 'bo@example.org' },
          description: 'Hello there',
          expectations: 'A call',
        },
        { channel: 'web', actor: 'test' },
      );
      assert.equal((await receipt(plain.caseId)).suggestedCategory, undefined);
    });

    it('records the root cause and remedy with the answer, shows them, and writes them in the register', async () => {
      const opened = await submitComplaint(
        t.ctx,
        {
          complainant: { name: 'Ana', email: 'ana@example.org' },
          description: 'My invoice was wrong.',
          expectations: 'A refund.',
        },
        { channel: 'web', actor: 'test' },
      );
      await postForm(t.app, agent, `/cases/${opened.caseId}/categorise`, { category: 'billing' });
      const bad = await postMultipart(t.app, agent, `/cases/${opened.caseId}/answer`, {
        outcome: 'upheld',
        text: 'You are right.',
        remedy: 'We refund the difference.',
        rootCause: 'our_error',
        remedyAmount: '12.345',
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="answer-remedyAmount-error"/);
      const res = await postMultipart(t.app, agent, `/cases/${opened.caseId}/answer`, {
        outcome: 'upheld',
        text: 'You are right.',
        remedy: 'We refund the difference.',
        rootCause: 'our_error',
        rootCauseNote: 'A price change was applied twice.',
        remedyAmount: '12,50',
        remedyCurrency: 'eur',
      });
      assert.equal(res.statusCode, 303, res.body);
      const page = await getPage(t.app, agent, `/cases/${opened.caseId}`);
      assert.match(
        page.body,
        /id="case-root-cause">Our error<br><span class="muted">A price change was applied twice\./,
      );
      assert.match(page.body, /id="case-remedy">€12\.50 · We refund the difference\./);

      const period = { from: '2026-11-01', to: '2026-11-30' };
      const csv = await collect(registerCsv(registerEntries(t.ctx, period)));
      const [head, ...lines] = csv.split('\r\n');
      const columns = head!.split(',');
      for (const c of [
        'remedy',
        'remedy_amount',
        'remedy_currency',
        'root_cause',
        'root_cause_note',
        'category_label',
      ])
        assert.ok(columns.includes(c), c);
      const line = lines.find((l) => l.includes('A price change'))!;
      assert.ok(
        line.includes(
          ',We refund the difference.,12.50,EUR,our_error,A price change was applied twice.,Invoices and payments',
        ),
        line,
      );
      // The figures' CSV keeps the key in `item` and writes the label beside it.
      const figures = reportCsv(await reportCases(t.ctx, period), categoryLabels(t.ctx.config));
      assert.match(figures, /,by_category,billing,1,Invoices and payments\r\n/);
      const json = (await collect(registerJsonLines(registerEntries(t.ctx, period))))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const entry = json.find((e) => e.rootCause === 'our_error');
      assert.deepEqual(
        [
          entry.category,
          entry.categoryLabel,
          entry.remedy,
          entry.remedyAmount,
          entry.remedyCurrency,
          entry.rootCauseNote,
        ],
        [
          'billing',
          'Invoices and payments',
          'We refund the difference.',
          '12.50',
          'EUR',
          'A price change was applied twice.',
        ],
      );
    });
  });
}
