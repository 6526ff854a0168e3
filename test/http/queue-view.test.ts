// The queue page to work in, on SQLite and PostgreSQL: the number on each tab is the number of rows the tab
// lists; each sortable column orders the rows by that column in both directions; a sort parameter that is not one
// of the columns (or SQL put in its place) is ignored and the default order shown; the subject is shown without
// the step marker, or as the first words of the description when it was only the marker. And the template
// editor's live preview: a draft posted by htmx comes back as the preview alone, with the missing parts flagged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** The references of the rows of a queue page, in order. */
function references(body: string): string[] {
  return [...body.matchAll(/<td class="col-reference"[^>]*><a href="\/cases\/[^"]+">([^<]+)<\/a>/g)].map(
    (m) => m[1]!,
  );
}

/** The number shown on each tab. */
function tabCounts(body: string): Record<string, number> {
  return Object.fromEntries(
    [...body.matchAll(/<a href="\/queues\/(\w+)"[^>]*>[^<]*<span class="tab-count" data-count="(\d+)"/g)].map(
      (m) => [m[1]!, Number(m[2])],
    ),
  );
}

/** Is the list sorted by the key, ascending or descending (ties in any order)? */
function isSorted<T>(values: T[], key: (v: T) => string | number, dir: 'asc' | 'desc'): boolean {
  return values.every((v, i) => {
    if (i === 0) return true;
    const a = key(values[i - 1]!);
    const b = key(v);
    return dir === 'asc' ? a <= b : a >= b;
  });
}

for (const engine of ENGINES)
  describe(`queue page (${engine})`, () => {
    let t: TestApp;
    const u: Record<string, User> = {};
    const made: Array<{ reference: string; name: string; daysAgo: number; owner: string | null }> = [];

    before(async () => {
      t = await createTestApp({ engine });
      u.lead = await createUser(t.ctx, 'lead', { name: 'Lea Lead' });
      u.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
      u.agent2 = await createUser(t.ctx, 'agent', { name: 'Ben Agent' });
      u.management = await createUser(t.ctx, 'management', { name: 'Max Manager' });
      const people = ['Dora Diaz', 'Alan Abbot', 'Cleo Cruz', 'Bert Bauer', 'Emil Evans', 'Fay Fox'];
      for (const [i, name] of people.entries()) {
        const daysAgo = [3, 9, 1, 6, 12, 4][i]!;
        const c = await openComplaint(t.ctx, {
          name,
          daysAgo,
          subject:
            i === 0
              ? 'Transmission de réclamation - Etape 1/2'
              : `Complaint escalation - Step 1: parcel ${i}`,
          description:
            'My refund for order 4411 has still not arrived after six weeks, and nobody answers my messages about it.',
        });
        const owner = i % 3 === 0 ? null : i % 3 === 1 ? u.agent!.id : u.agent2!.id;
        if (owner) await actOnCase(t.ctx, c.caseId, { type: 'assign', to: owner }, 'system');
        made.push({ reference: c.reference, name, daysAgo, owner });
      }
      await openComplaint(t.ctx, { step: 2, name: 'Gus Green', subject: 'Complaint escalation - Step 2' });
      await openComplaint(t.ctx, { kind: 'suggestion', name: 'Hana Hill', subject: 'An idea' });
    });
    after(async () => {
      await t?.close();
    });

    it('shows on each tab the number of rows that tab lists', async () => {
      const s = await sessionFor(t.ctx, u.lead!);
      const page = await getPage(t.app, s, '/queues/step1');
      const counts = tabCounts(page.body);
      assert.ok(Object.keys(counts).length >= 3, JSON.stringify(counts));
      for (const [queue, count] of Object.entries(counts)) {
        const listed = await getPage(t.app, s, `/queues/${queue}`);
        assert.equal(listed.statusCode, 200);
        assert.equal(references(listed.body).length, count, `${queue}: ${count} on the tab`);
      }
      assert.equal(counts.step1, 6);
      // An agent's own tab counts their cases.
      const agent = await sessionFor(t.ctx, u.agent!);
      const mine = tabCounts((await getPage(t.app, agent, '/queues/step1')).body);
      assert.equal(mine.mine, made.filter((m) => m.owner === u.agent!.id).length);
    });

    it('sorts by each column both ways, and ignores a sort it does not know', async () => {
      const s = await sessionFor(t.ctx, u.lead!);
      const byReference = new Map(made.map((m) => [m.reference, m]));
      const rowsOf = async (query: string) => {
        const page = await getPage(t.app, s, `/queues/step1${query}`);
        assert.equal(page.statusCode, 200, query);
        return references(page.body).map((r) => byReference.get(r)!);
      };
      const keys: Record<string, (m: (typeof made)[number]) => string | number> = {
        reference: (m) => m.reference,
        complainant: (m) => m.name,
        received: (m) => -m.daysAgo,
      };
      for (const [sort, key] of Object.entries(keys))
        for (const dir of ['asc', 'desc'] as const) {
          const rows = await rowsOf(`?sort=${sort}&dir=${dir}`);
          assert.equal(rows.length, made.length);
          assert.ok(
            isSorted(rows, key, dir),
            `${sort} ${dir}: ${rows.map((r) => `${r.reference} ${r.name}`).join(', ')}`,
          );
        }
      // The owner column: unowned cases last in both directions, the owners' ids in order otherwise.
      for (const dir of ['asc', 'desc'] as const) {
        const rows = await rowsOf(`?sort=owner&dir=${dir}`);
        const owned = rows.filter((r) => r.owner);
        assert.deepEqual(
          rows.slice(owned.length).map((r) => r.owner),
          rows.filter((r) => !r.owner).map(() => null),
        );
        assert.ok(isSorted(owned, (r) => r.owner!, dir));
      }
      // Step and clock orders are accepted (one step here: every row, the clock's order as the default).
      assert.equal((await rowsOf('?sort=step&dir=desc')).length, made.length);
      const defaultOrder = (await rowsOf('')).map((r) => r.reference);
      assert.deepEqual(
        (await rowsOf('?sort=due&dir=asc')).map((r) => r.reference),
        defaultOrder,
      );
      // Unknown columns, directions and injected SQL are ignored: the default order, no error.
      for (const bad of [
        '?sort=subject',
        '?sort=password_hash',
        '?sort=reference;drop%20table%20cases',
        '?sort=received&dir=sideways',
        `?sort=${'x'.repeat(5000)}`,
      ]) {
        const rows = (await rowsOf(bad)).map((r) => r.reference);
        if (bad.includes('received')) assert.ok(isSorted(await rowsOf(bad), keys.received!, 'asc'), bad);
        else assert.deepEqual(rows, defaultOrder, bad);
      }
      // The heading of the column sorted by says so, and its link offers the other direction.
      const page = await getPage(t.app, s, '/queues/step1?sort=reference&dir=asc');
      assert.match(
        page.body,
        /<th scope="col" class="col-reference" aria-sort="ascending"><a class="sort" href="\/queues\/step1\?sort=reference&amp;dir=desc"/,
      );
    });

    it('shows the subject without the marker, or the first words of the description', async () => {
      const s = await sessionFor(t.ctx, u.lead!);
      const body = (await getPage(t.app, s, '/queues/step1')).body;
      assert.match(body, /[> ]parcel 2<\/td>/);
      assert.match(
        body,
        /title="My refund for order 4411 has still not arrived after six weeks, and nobody answers my[^"]*…"/,
      );
      assert.doesNotMatch(
        body,
        /<td class="col-subject"[^>]*>[^<]*(Transmission de réclamation|Complaint escalation)/,
      );
    });

    it('previews a template draft as one types: the preview alone, missing parts flagged', async () => {
      const admin = await createUser(t.ctx, 'administrator', { name: 'Ada Admin' });
      const s = await sessionFor(t.ctx, admin);
      const editor = await getPage(t.app, s, '/admin/templates/answer/en');
      assert.equal(editor.statusCode, 200);
      assert.match(editor.body, /data-insert="\{\{reference\}\}"/);
      // The built-in text has every required part: the page opens saying so.
      assert.match(editor.body, /class="template-ok"/);
      assert.match(editor.body, /id="template-preview"/);
      const fragment = await postForm(
        t.app,
        s,
        '/admin/templates/answer/en/preview',
        { subject: 'Our answer to {{reference}}', body: 'Hello {{name}}, thank you.' },
        { 'hx-request': 'true', 'hx-target': 'template-preview' },
      );
      assert.equal(fragment.statusCode, 200);
      assert.ok(!fragment.body.includes('<html'), 'the preview alone');
      assert.match(fragment.body, /^<section id="template-preview"/);
      assert.match(fragment.body, /class="error-summary template-problems"/);
      assert.match(fragment.body, /Our answer to RC-/);
      // An empty subject while typing leaves the preview as it is.
      const empty = await postForm(
        t.app,
        s,
        '/admin/templates/answer/en/preview',
        { subject: '', body: 'Hello' },
        { 'hx-request': 'true', 'hx-target': 'template-preview' },
      );
      assert.equal(empty.statusCode, 204);
    });
  });
