// The PostgreSQL test templates do not pile up (databases.ts): each records when it was last used, and one that
// nobody has used for a while is dropped when another is built, while one in use is kept. Made-up templates
// stand for other schema versions; the real template of this version is only marked, never dropped here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import {
  createTestDatabase,
  ENGINES,
  markTemplateUsed,
  PG_TEMPLATE_PREFIX,
  PG_TEMPLATE_UNUSED_MS,
  pruneTemplates,
  withAdmin,
} from './databases.ts';

const HOUR = 3_600_000;

describe('PostgreSQL test templates', { skip: !ENGINES.includes('postgres') }, () => {
  const tag = randomBytes(4).toString('hex');
  const stale = `${PG_TEMPLATE_PREFIX}zz${tag}_stale`;
  const fresh = `${PG_TEMPLATE_PREFIX}zz${tag}_fresh`;
  const cut = `${PG_TEMPLATE_PREFIX}zz${tag}_build`;
  const exists = (name: string) =>
    withAdmin(
      async (a) => (await a.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
    );
  after(() =>
    withAdmin(async (a) => {
      for (const name of [stale, fresh, cut]) {
        await a.query(`alter database "${name}" with is_template false`).catch(() => {});
        await a.query(`drop database if exists "${name}" with (force)`);
      }
    }),
  );

  it('drops a template unused for hours and a build cut short, keeps one in use', async () => {
    const now = Date.now();
    await withAdmin(async (a) => {
      for (const name of [stale, fresh]) {
        await a.query(`create database "${name}"`);
        await a.query(`alter database "${name}" with is_template true`);
      }
      await a.query(`create database "${cut}"`);
      await markTemplateUsed(a, stale, now - PG_TEMPLATE_UNUSED_MS - HOUR);
      await markTemplateUsed(a, fresh, now - HOUR);
    });
    const dropped = await withAdmin((a) => pruneTemplates(a, `${PG_TEMPLATE_PREFIX}none`, now));
    assert.ok(dropped.includes(stale) && dropped.includes(cut), `dropped: ${dropped.join(', ')}`);
    assert.ok(!dropped.includes(fresh));
    assert.equal(await exists(stale), false);
    assert.equal(await exists(cut), false);
    assert.equal(await exists(fresh), true, 'a template used an hour ago stays');
  });

  it('a test database made from the template marks it as used, so that it is kept', async () => {
    const t = await createTestDatabase('postgres');
    try {
      const comment = await withAdmin(async (a) => {
        const r = await a.query<{ comment: string | null }>(
          "select shobj_description(oid, 'pg_database') as comment from pg_database where starts_with(datname, $1) and datistemplate and datname not like $2",
          [PG_TEMPLATE_PREFIX, `${PG_TEMPLATE_PREFIX}zz%`],
        );
        return r.rows.map((row) => row.comment ?? '');
      });
      const used = comment
        .map((c) => Date.parse(c.replace(/^.*last used /, '')))
        .filter((n) => Number.isFinite(n));
      assert.ok(
        used.some((at) => Date.now() - at < HOUR),
        `a template was marked within the hour: ${comment.join(' | ')}`,
      );
      // This version's template is in use: a prune now leaves it.
      const dropped = await withAdmin((a) => pruneTemplates(a, `${PG_TEMPLATE_PREFIX}none`));
      assert.ok(!dropped.some((n) => !n.includes('zz')), `no template in use dropped: ${dropped.join(', ')}`);
    } finally {
      await t.drop();
    }
  });
});
