// The page of records that share an address (GET /complainants/same-address): every group of complainant records,
// not merged into another, that hold one address key (the same person registered twice before records were found
// by their key, or by an older instance during an upgrade), each record linked, and for each record but the oldest a
// link to the merge action on the oldest record's page, which opens with that record named and merges it. For the
// roles that may merge records only (the others get 403 and no link), in French, English and German, with what
// people wrote escaped, a page of groups at a time. On SQLite and PostgreSQL, through HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { SHARED_ADDRESS_PAGE_SIZE } from '../../src/app/complainant-page.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

const PAGE = '/complainants/same-address';

for (const engine of ENGINES) {
  describe(`records that share an address (${engine})`, () => {
    let t: TestApp;
    const users = new Map<string, User>();
    let older: string;
    let newer: string;
    let third: string;

    before(async () => {
      t = await createTestApp({
        engine,
        clock: fixedClock('2026-12-07T09:00:00.000Z'),
        env: departmentsEnv('Billing'),
      });
      for (const role of [
        'agent',
        'lead',
        'management',
        'auditor',
        'administrator',
        'department_member',
      ] as const)
        users.set(role, await createUser(t.ctx, role));
      users.set('lead-fr', await createUser(t.ctx, 'lead', { language: 'fr' }));
      users.set('lead-de', await createUser(t.ctx, 'lead', { language: 'de' }));
      // One person under three records, as an older release made them (it compared addresses as written): the
      // domain in Unicode, in ASCII, and once more. Each earlier record is hidden from the lookup by address while
      // the next is made, then given back its address and key. The last one's name is markup.
      const made: string[] = [];
      for (const [email, name] of [
        ['kai@münchen.de', 'Kai Kurz'],
        ['kai@xn--mnchen-3ya.de', 'Kai K.'],
        ['KAI@münchen.de', '<script>alert("Kai")</script>'],
      ] as const) {
        await db()
          .updateTable('complainants')
          .set({ email: 'kai@hidden.invalid', email_key: null })
          .where('id', 'in', made.length ? made : ['none'])
          .execute();
        made.push((await openComplaint(t.ctx, { email, name })).complainantId);
      }
      for (const [id, email] of [
        [made[0]!, 'kai@münchen.de'],
        [made[1]!, 'kai@xn--mnchen-3ya.de'],
      ] as const)
        await db()
          .updateTable('complainants')
          .set({ email, email_key: 'kai@xn--mnchen-3ya.de' })
          .where('id', '=', id)
          .execute();
      [older, newer, third] = made as [string, string, string];
      // Someone with an address of their own: in no group.
      await openComplaint(t.ctx, { email: 'alone@example.org', name: 'Alma Allein' });
    });
    after(async () => t?.close());

    const db = () => t.ctx.database.db;
    const as = async (who: string, url: string) =>
      getPage(t.app, await sessionFor(t.ctx, users.get(who)!), url);

    it('lists the group with a link to each record and, for the others, to the merge on the oldest', async () => {
      const res = await as('lead', PAGE);
      assert.equal(res.statusCode, 200);
      for (const id of [older, newer, third]) assert.ok(res.body.includes(`href="/complainants/${id}"`), id);
      for (const id of [newer, third])
        assert.ok(res.body.includes(`href="/complainants/${older}?merge=${id}#action-merge"`), `merge ${id}`);
      assert.ok(!res.body.includes(`?merge=${older}`), 'the oldest is the one kept');
      assert.ok(res.body.includes('Records with the address kai@münchen.de'));
      assert.ok(!res.body.includes('Alma Allein'), 'a record of its own address is in no group');
      // What people wrote is text, not markup.
      assert.ok(!res.body.includes('<script>alert'), 'the name is escaped');
      assert.ok(res.body.includes('&lt;script&gt;alert('));
      // The navigation leads here.
      assert.ok(res.body.includes(`href="${PAGE}"`));
    });

    it('speaks French and German', async () => {
      const fr = await as('lead-fr', PAGE);
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /Fiches qui partagent une adresse/);
      assert.match(fr.body, /Fusionner dans la fiche la plus ancienne/);
      const de = await as('lead-de', PAGE);
      assert.equal(de.statusCode, 200);
      assert.match(de.body, /Datensätze mit derselben Adresse/);
      assert.match(de.body, /Mit dem ältesten Datensatz zusammenführen/);
    });

    it('is for the roles that may merge records: the others get 403 and no link', async () => {
      for (const role of ['agent', 'lead', 'management'] as Role[])
        assert.equal((await as(role, PAGE)).statusCode, 200, role);
      for (const role of ['auditor', 'administrator', 'department_member'] as Role[]) {
        const res = await as(role, PAGE);
        assert.equal(res.statusCode, 403, role);
        assert.ok(!res.body.includes(older) && !res.body.includes('Kai'), `${role}: nothing of the list`);
        assert.ok(!res.body.includes(`href="${PAGE}"`), `${role}: no link to it`);
      }
      // The auditor reads the record's page, where neither the list nor a merge is offered.
      const page = await as('auditor', `/complainants/${older}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="same-address"/);
      assert.ok(!page.body.includes(`href="${PAGE}"`), 'no link to the list');
      assert.ok(!page.body.includes('action-merge'), 'no merge');
    });

    it('the merge link opens the merge with the record named, and merging takes the group off the list', async () => {
      const s = await sessionFor(t.ctx, users.get('lead')!);
      const opened = await getPage(t.app, s, `/complainants/${older}?merge=${third}`);
      assert.equal(opened.statusCode, 200);
      assert.ok(
        opened.body.includes(`<input type="hidden" name="other" value="${third}">`),
        'the record named',
      );
      assert.ok(opened.body.includes('&lt;script&gt;alert('));
      // The oldest record's page links to the list too.
      assert.ok(opened.body.includes(`href="${PAGE}"`));
      for (const id of [third, newer]) {
        const merged = await postForm(t.app, s, `/complainants/${older}/merge`, { other: id });
        assert.equal(merged.statusCode, 303, merged.body);
      }
      const merged = await db()
        .selectFrom('complainants')
        .select(['id', 'merged_into'])
        .where('id', 'in', [newer, third])
        .execute();
      assert.deepEqual(
        merged.map((r) => r.merged_into),
        [older, older],
      );
      const list = await getPage(t.app, s, PAGE);
      assert.ok(!list.body.includes(older), 'no group left');
      assert.match(list.body, /No two records share an address\./);
    });

    it('shows a page of groups at a time', async () => {
      // More groups than a page holds: records written as rows (the list reads nothing else).
      const groups = SHARED_ADDRESS_PAGE_SIZE + 2;
      for (let g = 0; g < groups; g++)
        for (const n of [0, 1])
          await db()
            .insertInto('complainants')
            .values({
              id: `pair-${String(g).padStart(3, '0')}-${n}`,
              name: `Pair ${g}.${n}`,
              email: `pair${String(g).padStart(3, '0')}@example.net`,
              email_key: `pair${String(g).padStart(3, '0')}@example.net`,
              phone: null,
              language: 'en',
              restricted: 0,
              designated_contact_id: null,
              unreachable: 0,
              merged_into: null,
              created_at: `2026-12-0${n + 1}T10:00:00.000Z`,
              updated_at: `2026-12-0${n + 1}T10:00:00.000Z`,
            })
            .execute();
      const first = await as('lead', PAGE);
      assert.equal((first.body.match(/<table class="list"/g) ?? []).length, SHARED_ADDRESS_PAGE_SIZE);
      assert.ok(first.body.includes(`href="${PAGE}?page=2"`), 'a link to the next page');
      assert.ok(first.body.includes('pair000@example.net'));
      assert.ok(!first.body.includes(`pair${String(groups - 1).padStart(3, '0')}@`));
      const second = await as('lead', `${PAGE}?page=2`);
      assert.equal((second.body.match(/<table class="list"/g) ?? []).length, 2);
      assert.ok(second.body.includes(`pair${String(groups - 1).padStart(3, '0')}@example.net`));
      // Past the end: no group, the count still said.
      const beyond = await as('lead', `${PAGE}?page=9`);
      assert.equal(beyond.statusCode, 200);
      assert.equal((beyond.body.match(/<table class="list"/g) ?? []).length, 0);
    });
  });
}
