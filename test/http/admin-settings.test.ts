// Administration pages (issue 7, item 6) on SQLite: organisation, mailboxes, the business calendar with its
// deadline preview (a fragment for htmx as fields change) and the recorded recompute of open cases, categories,
// departments with the routing trial; every change audited and in force at once; the auditor reads, never edits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { openCase } from '../../src/app/open-case.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

describe('administration of the organisation', () => {
  let t: TestApp;
  let admin: User;
  let s: TestSession;
  let auditor: TestSession;
  // Thursday 28 May 2026, 10:00 in Berlin; Corpus Christi (4 June) is a holiday in Baden-Württemberg, not in Berlin.
  const clock = fixedClock('2026-05-28T08:00:00.000Z');
  let caseId = '';
  /** A complaint opened and not acknowledged yet: nobody has been told its answer date. */
  let untoldId = '';

  before(async () => {
    t = await createTestApp({ clock });
    admin = await createUser(t.ctx, 'administrator', { email: 'ada@example.org', name: 'Ada Admin' });
    s = await sessionFor(t.ctx, admin);
    auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
    const opened = await submitComplaint(
      t.ctx,
      {
        complainant: { name: 'Bea', email: 'bea@example.org' },
        description: 'Down',
        expectations: 'Fix',
      },
      { channel: 'api', actor: 'test' },
    );
    caseId = opened.caseId;
    assert.equal(opened.deadline?.answerByDate, '2026-06-12');
    const untold = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: '2026-05-28T08:00:00.000Z',
      language: 'en',
      subject: 'Complaint escalation - Step 1',
      complainant: { name: 'Cem', email: 'cem@example.org' },
      fields: { ticketRefs: [], domains: [], description: 'Down', expectations: 'Fix' },
      missing: [],
      correspondenceId: null,
      actor: 'test',
    });
    untoldId = untold.caseId;
  });
  after(async () => {
    await t?.close();
  });

  it('shows the overview with every section, and links to templates, users, tokens and the audit log', async () => {
    const res = await getPage(t.app, s, '/admin');
    assert.equal(res.statusCode, 200);
    for (const href of [
      '/admin/organisation',
      '/admin/mailboxes',
      '/admin/calendar',
      '/admin/categories',
      '/admin/departments',
      '/admin/templates',
      '/admin/users',
      '/admin/tokens',
      '/audit',
    ])
      assert.match(res.body, new RegExp(`href="${href}"`), href);
    assert.match(res.body, /<a href="\/admin" aria-current="page">Administration<\/a>/);
    assert.match(res.body, /Germany — Baden-Württemberg \(DE-BW\)/);
  });

  it('saves the organisation’s details (audited, in force at once), with errors at the fields first', async () => {
    const values = {
      name: 'Beispiel Hosting GmbH',
      complaintsPostalAddress: 'Beispiel Hosting GmbH\nBeschwerdestelle\nHauptstraße 1\n10115 Berlin',
      managementPostalAddress: 'Beispiel Hosting GmbH\nGeschäftsleitung\nHauptstraße 1\n10115 Berlin',
      defaultLanguage: 'de',
      disputeFr: 'Texte FR',
      disputeEn: 'Text EN',
      disputeDe: 'Text DE',
    };
    const bad = await postForm(t.app, s, '/admin/organisation', { ...values, name: '  ' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="organisation-name-error">Fill this in\./);
    const ok = await postForm(t.app, s, '/admin/organisation', values);
    assert.equal(ok.statusCode, 303);
    assert.equal(t.ctx.config.organisation.name, 'Beispiel Hosting GmbH');
    assert.deepEqual(t.ctx.config.organisation.managementPostalAddress.at(-1), '10115 Berlin');
    assert.equal(t.ctx.config.defaultLanguage, 'de');
    const audit = await t.tdb.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'config_changed')
      .execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]!.detail!).keys.sort(), [
      'defaultLanguage',
      'disputeResolution',
      'organisation',
    ]);
    const same = await postForm(t.app, s, '/admin/organisation', values);
    assert.equal(same.statusCode, 303, 'nothing changed is no new audit entry');
    const page = await getPage(t.app, s, '/admin/organisation');
    assert.match(page.body, /value="Beispiel Hosting GmbH"/);
  });

  it('edits mailboxes as rows: adds one, refuses duplicates and a missing complaints mailbox', async () => {
    const page = await getPage(t.app, s, '/admin/mailboxes');
    assert.match(page.body, /The built-in SMTP listener accepts a new or changed address at once/);
    assert.match(page.body, /id="mailboxes-address-3"/, 'two empty rows after the three mailboxes');
    const rows = {
      'name-0': 'complaints',
      'address-0': 'complaint@example.org',
      'role-0': 'complaints',
      'language-0': 'fr',
      'name-1': 'info',
      'address-1': 'info@example.org',
      'role-1': 'suggestions',
      'language-1': 'fr',
      'name-2': 'management',
      'address-2': 'management@example.org',
      'role-2': 'management',
      'language-2': 'fr',
      'name-3': 'beschwerde',
      'address-3': 'Beschwerde@Example.org',
      'role-3': 'complaints',
      'language-3': 'de',
      'name-4': '',
      'address-4': '',
      'role-4': 'complaints',
      'language-4': 'en',
    };
    const dup = await postForm(t.app, s, '/admin/mailboxes', { ...rows, 'name-3': 'info' });
    assert.equal(dup.statusCode, 422);
    assert.match(dup.body, /id="mailboxes-name-3-error">This is used twice/);
    const noComplaints = await postForm(t.app, s, '/admin/mailboxes', {
      'name-0': 'info',
      'address-0': 'info@example.org',
      'role-0': 'suggestions',
      'language-0': 'fr',
    });
    assert.equal(noComplaints.statusCode, 422);
    assert.match(noComplaints.body, /Keep at least one mailbox with the role &quot;complaints&quot;\./);
    const ok = await postForm(t.app, s, '/admin/mailboxes', rows);
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(
      t.ctx.config.mailboxes.map((m) => `${m.name}:${m.address}:${m.role}:${m.language}`),
      [
        'complaints:complaint@example.org:complaints:fr',
        'info:info@example.org:suggestions:fr',
        'management:management@example.org:management:fr',
        'beschwerde:beschwerde@example.org:complaints:de',
      ],
    );
  });

  it('previews the deadlines under a proposed calendar (an htmx fragment), without saving', async () => {
    const proposal = {
      intent: 'preview',
      country: 'DE',
      state: 'BE',
      timezone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closureDays: '',
    };
    const res = await postForm(t.app, s, '/admin/calendar', proposal, {
      'hx-request': 'true',
      'hx-target': 'calendar-editor',
    });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('<html'), 'only the editor');
    assert.match(res.body, /Deadlines under the proposed calendar: Germany — Berlin \(DE-BE\)/);
    // Received now (Thursday 28 May): due 12 June in Baden-Württemberg, 11 June in Berlin (no Corpus Christi).
    assert.match(
      res.body,
      /<time datetime="2026-06-11T21:59:59.999Z">Thu, Jun 11, 2026, 11:59 PM<\/time><\/strong> <span class="tag tag-changed">changed/,
    );
    assert.match(
      res.body,
      /Next Friday at 10:00<br><span class="muted"><time datetime="2026-06-05T08:00:00.000Z">/,
    );
    assert.match(res.body, /in force: <time datetime="2026-06-12T21:59:59.999Z">/);
    assert.match(res.body, /Corpus Christi <span class="tag tag-changed">no longer a day off/);
    assert.equal(t.ctx.config.holidays, 'DE-BW', 'a preview saves nothing');

    const otherCountry = await postForm(
      t.app,
      s,
      '/admin/calendar',
      { ...proposal, country: 'FR' },
      {
        'hx-request': 'true',
        'hx-target': 'calendar-editor',
      },
    );
    assert.match(otherCountry.body, /France \(FR\)/, 'the state of another country is dropped');
    assert.match(
      otherCountry.body,
      /<option value="67">Département Bas-Rhin \(67\)/,
      'the regions follow the country',
    );

    const wrong = await postForm(t.app, s, '/admin/calendar', {
      ...proposal,
      intent: 'save',
      workingWeek: [],
      closureDays: '2026-13-01',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /id="calendar-workingWeek-error">Tick at least one working day\./);
    assert.match(wrong.body, /not understood: 2026-13-01/);
  });

  it('saves the calendar, then shows the open cases whose deadlines would move, and records the moves', async () => {
    const saved = await postForm(t.app, s, '/admin/calendar', {
      intent: 'save',
      country: 'DE',
      state: 'BE',
      timezone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closureDays: '2026-12-24\n2026-12-31',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, '/admin/calendar/recompute');
    assert.equal(t.ctx.config.holidays, 'DE-BE');
    assert.deepEqual(t.ctx.config.closureDays, ['2026-12-24', '2026-12-31']);
    const fresh = await submitComplaint(
      t.ctx,
      { complainant: { email: 'new@example.org' }, description: 'd', expectations: 'e' },
      { channel: 'api', actor: 'test' },
    );
    assert.equal(fresh.deadline?.answerByDate, '2026-06-11', 'new complaints use the new calendar at once');

    const auditorView = await getPage(t.app, auditor, '/admin/calendar/recompute');
    assert.match(auditorView.body, /1 open case would get a new deadline\./);
    assert.doesNotMatch(auditorView.body, /action="\/admin\/calendar\/recompute"/);

    const preview = await getPage(t.app, s, '/admin/calendar/recompute');
    assert.match(preview.body, /1 open case would get a new deadline\./);
    // The acknowledged complaint keeps the date its acknowledgement told; only the other one moves. The auditor,
    // who reads cases, has it linked; the administrator, who does not, has its reference alone.
    assert.match(auditorView.body, new RegExp(`href="/cases/${untoldId}"`));
    assert.doesNotMatch(auditorView.body, new RegExp(`href="/cases/${caseId}"`));
    assert.doesNotMatch(preview.body, /href="\/cases\//);
    assert.match(preview.body, /value="Business calendar changed: Germany — Berlin \(DE-BE\)/);
    const applied = await postForm(t.app, s, '/admin/calendar/recompute', {
      reason: 'Seat moved to Berlin',
    });
    assert.equal(applied.statusCode, 303);
    const after = await getPage(t.app, s, '/admin/calendar/recompute', {
      cookie: `${s.cookie}; ${applied.headers['set-cookie']?.toString().split(';')[0]}`,
    });
    assert.match(after.body, /The deadline of 1 case has moved/);
    assert.match(after.body, /No open case has a deadline that the calendar in force would change\./);
    const dates = await t.tdb.database.db
      .selectFrom('cases')
      .select(['id', 'answer_by_date'])
      .where('id', 'in', [caseId, untoldId])
      .execute();
    assert.deepEqual(Object.fromEntries(dates.map((r) => [r.id, r.answer_by_date])), {
      [caseId]: '2026-06-12',
      [untoldId]: '2026-06-11',
    });
    const events = await t.tdb.database.db
      .selectFrom('events')
      .select(['type', 'payload', 'actor'])
      .where('stream', '=', `case:${untoldId}`)
      .where('type', '=', 'deadlines_recomputed')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actor, `user:${admin.id}`);
    assert.match(events[0]!.payload, /Seat moved to Berlin/);
  });

  it("shows the calendar's history, read only: each version, from when, and who changed it", async () => {
    for (const who of [s, auditor]) {
      const page = await getPage(t.app, who, '/admin/calendar');
      const section = page.body.slice(page.body.indexOf('id="calendar-history"'));
      assert.match(section, /<h2 id="calendar-history-title">History of the calendar<\/h2>/);
      const rows = section.slice(0, section.indexOf('</table>')).split('<tr>').slice(2);
      assert.equal(rows.length, 2, 'the change and the calendar before it');
      // Newest first: the change, in force from the moment it was saved (28 May 2026, 10:00 in Berlin), by Ada.
      assert.match(rows[0]!, /<th scope="row">2<\/th>/);
      assert.match(rows[0]!, /<time datetime="2026-05-28T08:00:00.000Z">May 28, 2026, 10:00 AM<\/time>/);
      assert.match(rows[0]!, /Berlin \(DE-BE\)/);
      assert.match(rows[0]!, /2026-12-24, 2026-12-31/);
      assert.match(rows[0]!, /ada@example\.org/);
      assert.match(
        rows[1]!,
        /<th scope="row">1<\/th>[\s\S]*the beginning[\s\S]*the configuration \(file or environment\)/,
      );
      assert.doesNotMatch(section.slice(0, section.indexOf('</section>')), /<form|<input|<button/);
    }
  });

  it('refuses a save of the calendar made on a page older than the last version, naming who changed it', async () => {
    const page = await getPage(t.app, s, '/admin/calendar');
    // The page says which version it was made on; a preview keeps it.
    assert.match(page.body, /<input type="hidden" name="basedOn" value="2">/);
    const previewed = await postForm(t.app, s, '/admin/calendar', {
      intent: 'preview',
      basedOn: '1',
      country: 'DE',
      state: 'BW',
      timezone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closureDays: '',
    });
    assert.equal(previewed.statusCode, 200);
    assert.match(previewed.body, /<input type="hidden" name="basedOn" value="1">/);
    const before = t.ctx.config.closureDays;
    // A page shown before Ada's save (version 1), saved after it: nothing saved, the calendar in force shown again.
    const stale = await postForm(t.app, s, '/admin/calendar', {
      intent: 'save',
      basedOn: '1',
      country: 'DE',
      state: 'BW',
      timezone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closureDays: '2026-12-28',
    });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.match(
      stale.body,
      /Nothing was saved: ada@example\.org changed the business calendar meanwhile \(May 28, 2026, 10:00 AM, version 2\)\. The calendar in force now is shown below/,
    );
    assert.match(stale.body, /<input type="hidden" name="basedOn" value="2">/);
    assert.match(stale.body, /2026-12-24\n2026-12-31/);
    assert.deepEqual(t.ctx.config.closureDays, before);
    assert.equal(t.ctx.config.holidays, 'DE-BE');
    const versions = await t.tdb.database.db.selectFrom('calendar_versions').select('version').execute();
    assert.equal(versions.length, 2);
  });

  it('edits categories: a new one with labels in every language, refusing a key that is not one', async () => {
    // The catalogue editor in full (retiring, keys that never go, audit, suggestion) is in admin-categories.test.ts.
    const page = await getPage(t.app, s, '/admin/categories');
    const rows = (page.body.match(/name="key-\d+"/g) ?? []).length;
    const form = (key: string): Record<string, string> => {
      const values: Record<string, string> = {};
      for (const c of t.ctx.config.categoryCatalogue ?? []) {
        const i = Object.keys(values).filter((k) => k.startsWith('key-')).length;
        values[`key-${i}`] = c.key;
        values[`state-${i}`] = c.retired ? 'retired' : 'offered';
        for (const l of ['fr', 'en', 'de'] as const) values[`label_${l}-${i}`] = c.labels[l];
      }
      const n = rows - 1;
      return {
        ...values,
        [`key-${n}`]: key,
        [`label_fr-${n}`]: 'Noms',
        [`label_en-${n}`]: 'Names',
        [`label_de-${n}`]: 'Namen',
        [`state-${n}`]: 'offered',
      };
    };
    const bad = await postForm(t.app, s, '/admin/categories', form('Bad Name!'));
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Use lower-case letters, digits/);
    const ok = await postForm(t.app, s, '/admin/categories', form('names'));
    assert.equal(ok.statusCode, 303);
    assert.ok(t.ctx.config.categories.includes('names'));
  });

  it('edits departments and their keywords, and tries the routing of a suggestion', async () => {
    const bad = await postForm(t.app, s, '/admin/departments', {
      'name-0': 'Billing',
      'email-0': 'not-an-address',
      'keywords-0': 'invoice, facture',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="departments-email-0-error">Write an e-mail address/);
    const ok = await postForm(t.app, s, '/admin/departments', {
      'name-0': 'Billing',
      'email-0': 'billing@example.org',
      'keywords-0': 'invoice, facture, Rechnung',
      'name-1': 'Domains',
      'email-1': 'domains@example.org',
      'keywords-1': 'DNS; domaine',
      'name-2': '',
      'email-2': '',
      'keywords-2': '',
    });
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(t.ctx.config.departments, [
      { name: 'Billing', email: 'billing@example.org', keywords: ['invoice', 'facture', 'Rechnung'] },
      { name: 'Domains', email: 'domains@example.org', keywords: ['DNS', 'domaine'] },
    ]);
    const trial = await getPage(
      t.app,
      s,
      `/admin/departments?try=${encodeURIComponent('Ma facture est fausse')}`,
    );
    assert.match(trial.body, /This suggestion would be forwarded to: Billing\./);
    const none = await getPage(t.app, s, '/admin/departments?try=hello');
    assert.match(none.body, /No keyword matches/);
  });

  it("refuses to remove a department that still has members, naming them, in the reader's language", async () => {
    const departments = [
      { name: 'Billing', email: 'billing@example.org', keywords: ['invoice'] },
      { name: 'Domains', email: 'domains@example.org', keywords: ['DNS'] },
    ];
    const form = (rows: typeof departments) =>
      Object.fromEntries(
        rows.flatMap((d, i) => [
          [`name-${i}`, d.name],
          [`email-${i}`, d.email],
          [`keywords-${i}`, d.keywords.join(', ')],
        ]),
      );
    assert.equal((await postForm(t.app, s, '/admin/departments', form(departments))).statusCode, 303);
    await createUser(t.ctx, 'department_member', { name: 'Dora Domains', departments: ['domains'] });
    const french = await sessionFor(
      t.ctx,
      await createUser(t.ctx, 'administrator', { name: 'Adèle Admin', language: 'fr' }),
    );
    const refused = await postForm(t.app, french, '/admin/departments', form([departments[0]!]));
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Domains compte encore un membre \(Dora Domains\)/);
    assert.doesNotMatch(refused.body, /still has/, 'said once, in French');
    assert.deepEqual(
      t.ctx.config.departments.map((d) => d.name),
      ['Billing', 'Domains'],
      'nothing was saved',
    );
    // A department without members goes.
    const withoutBilling = await postForm(t.app, s, '/admin/departments', form([departments[1]!]));
    assert.equal(withoutBilling.statusCode, 303);
    assert.deepEqual(
      t.ctx.config.departments.map((d) => d.name),
      ['Domains'],
    );
  });

  it('lets the auditor read every page and change nothing', async () => {
    for (const path of [
      '/admin',
      '/admin/organisation',
      '/admin/mailboxes',
      '/admin/calendar',
      '/admin/categories',
      '/admin/departments',
    ]) {
      const res = await getPage(t.app, auditor, path);
      assert.equal(res.statusCode, 200, path);
      if (path !== '/admin') {
        // the values as text: no field that looks editable, no form that would be refused
        const outsideSearch = res.body.replace(/<form\b[^>]*method="get"[\s\S]*?<\/form>/g, '');
        assert.doesNotMatch(outsideSearch, /<(textarea|select)\b|<input(?![^>]*type="hidden")/, path);
        assert.doesNotMatch(res.body, /<form method="post" action="\/admin/, path);
        assert.match(res.body, /only an administrator can change them/, path);
        assert.doesNotMatch(res.body, /name="intent" value="save"/, path);
      }
    }
    const res = await postForm(t.app, auditor, '/admin/categories', { 'key-0': 'x' });
    assert.equal(res.statusCode, 403);
  });

  it('shows the pages in French and German', async () => {
    const fr = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: 'fr' }));
    const frPage = await getPage(t.app, fr, '/admin/calendar');
    assert.match(frPage.body, /<h1>Calendrier ouvré<\/h1>/);
    assert.match(frPage.body, /Allemagne — Berlin \(DE-BE\)/);
    const de = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor', { language: 'de' }));
    const dePage = await getPage(t.app, de, '/admin/calendar/recompute');
    assert.match(dePage.body, /<h1>Fristen offener Vorgänge<\/h1>/);
  });
});
