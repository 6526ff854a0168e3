// A data subject's requests on the staff pages (P6.3): the export button gives the ZIP and is audited under the
// person who pressed it; the erasure page and its button are for administrators only (an agent gets 403), show per
// case what an erasure does and why the rest is kept, refuse without a reason or a confirmation, and erase with both.
// The person's messages on no case are in the export and on the erasure page: the handled one erased, the one
// awaiting triage kept, with why.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { openCase } from '../../src/app/open-case.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';

describe('data-subject requests on the staff pages', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t?.close();
  });

  it('exports for the staff, audited; erases for administrators only, with a reason and a confirmation', async () => {
    const email = 'nora.antrag@example.net';
    const person = { name: 'Nora Antrag', email };
    const old = await openCase(
      createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock('2017-03-01T09:00:00.000Z') }),
      complaintAt('2017-03-01T09:00:00.000Z', { complainant: person, language: 'en' }),
    );
    await actOnCase(
      createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock('2017-06-01T09:00:00.000Z') }),
      old.caseId,
      { type: 'close', reason: 'Settled.' },
      'user:a',
    );
    const open = await openCase(
      t.ctx,
      complaintAt(new Date().toISOString(), { complainant: person, language: 'en' }),
    );
    assert.equal(open.complainantId, old.complainantId, 'one person');
    const id = old.complainantId;
    // Two messages from her address on no case: one dismissed in 2018, one still awaiting triage.
    const dismissed = await addInboxItem(t.ctx, {
      fromAddress: email,
      fromName: 'Nora Antrag',
      subject: 'Out of office',
      text: 'Away until Monday. Nora-Abwesend-1212',
      at: '2018-04-03T09:00:00.000Z',
    });
    await handleInboxItem(
      createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock('2018-04-04T09:00:00.000Z') }),
      dismissed.itemId,
      { type: 'dismiss', reason: 'Automatic reply' },
      'user:a',
    );
    const waiting = await addInboxItem(t.ctx, {
      fromAddress: email,
      subject: 'A question',
      text: 'Nora-Frage-3434',
      at: '2026-11-20T09:00:00.000Z',
    });
    const agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    const adminUser = await createUser(t.ctx, 'administrator');
    const admin = await sessionFor(t.ctx, adminUser);
    const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
    const db = t.tdb.database.db;

    // The export: a ZIP with both cases, recorded under the agent.
    const exported = await postForm(t.app, agent, `/complainants/${id}/export`);
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-type'], 'application/zip');
    const files = unzipSync(new Uint8Array(exported.rawPayload));
    const data = JSON.parse(Buffer.from(files['complainant.json']!).toString('utf8'));
    assert.equal(data.cases.length, 2);
    assert.deepEqual(
      data.inboxItems.map((i: { state: { id: string } }) => i.state.id),
      [dismissed.itemId, waiting.itemId],
    );
    assert.equal(Object.keys(files).filter((p) => p.startsWith('inbox/')).length, 2);
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal_data_exported')
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.actor, /^user:/);
    assert.equal(audit[0]!.target_id, id);
    assert.equal((await postForm(t.app, auditor, `/complainants/${id}/export`)).statusCode, 403);

    // An agent may neither see the erasure page nor erase.
    assert.equal((await getPage(t.app, agent, `/complainants/${id}/erasure`)).statusCode, 403);
    const refused = await postForm(t.app, agent, `/complainants/${id}/erasure`, {
      reason: 'Letter of 1 December',
      confirm: 'yes',
    });
    assert.equal(refused.statusCode, 403);
    const anonymised = async () =>
      (
        await db
          .selectFrom('cases')
          .select(['id', 'anonymised_at'])
          .where('anonymised_at', 'is not', null)
          .execute()
      ).map((c) => c.id);
    assert.deepEqual(await anonymised(), []);

    // The administrator sees what an erasure does: the 2017 case goes, the open one is kept to answer.
    const page = await getPage(t.app, admin, `/complainants/${id}/erasure`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`${old.reference}</td><td>erased now`));
    assert.match(page.body, new RegExp(`${open.reference}</td><td>open: needed to answer`));
    assert.match(page.body, /Your request to erase your personal data/);
    // Her messages on no case: the dismissed one goes now, the one awaiting triage is kept, and the answer says so.
    assert.match(page.body, /Messages on no case/);
    assert.match(page.body, /<time datetime="2018-04-03">[^<]*<\/time><\/td><td>erased now/);
    assert.match(page.body, /<time datetime="2026-11-20">[^<]*<\/time><\/td><td>still awaiting triage/);
    assert.match(page.body, /Your message of April 3, 2018, which was not part of a case, has been erased/);
    assert.match(page.body, /Your message of November 20, 2026 has not yet been dealt with/);
    // The complainant's page links to it for the administrator, not for the agent.
    assert.match((await getPage(t.app, admin, `/complainants/${id}`)).body, /\/erasure"/);
    assert.doesNotMatch((await getPage(t.app, agent, `/complainants/${id}`)).body, /\/erasure"/);

    // No confirmation, or no reason: refused at the field, nothing erased.
    const unconfirmed = await postForm(t.app, admin, `/complainants/${id}/erasure`, {
      reason: 'Letter of 1 December',
    });
    assert.equal(unconfirmed.statusCode, 422);
    assert.match(unconfirmed.body, /erasure-confirm-error/);
    const noReason = await postForm(t.app, admin, `/complainants/${id}/erasure`, {
      reason: '',
      confirm: 'yes',
    });
    assert.equal(noReason.statusCode, 422);
    assert.deepEqual(await anonymised(), []);

    const erased = await postForm(t.app, admin, `/complainants/${id}/erasure`, {
      reason: 'Letter of 1 December',
      confirm: 'yes',
    });
    assert.equal(erased.statusCode, 303);
    assert.deepEqual(await anonymised(), [old.caseId]);
    const messages = await db
      .selectFrom('correspondence')
      .select(['id', 'from_address', 'text_body'])
      .where('id', 'in', [dismissed.correspondenceId, waiting.correspondenceId])
      .execute();
    assert.deepEqual(
      new Map(messages.map((m) => [m.id, [m.from_address, m.text_body]])),
      new Map([
        [dismissed.correspondenceId, [null, null]],
        [waiting.correspondenceId, [email, 'Nora-Frage-3434']],
      ]),
    );
    const request = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'erasure_requested')
      .execute();
    assert.equal(request.length, 1);
    assert.equal(request[0]!.actor, `user:${adminUser.id}`);
    const after = await getPage(t.app, admin, `/complainants/${id}/erasure`);
    assert.match(after.body, new RegExp(`${old.reference}</td><td>already anonymised`));
    assert.doesNotMatch(after.body, /datetime="2018-04-03"/);
    assert.match(after.body, /<time datetime="2026-11-20">[^<]*<\/time><\/td><td>still awaiting triage/);
    // The answer is written in the person's language (English here), whatever the reader's.
    assert.match(after.body, /<pre class="quoted" lang="en">Your request to erase your personal data/);
  });

  it('serves an address that no complainant record holds, posted by an administrator', async () => {
    const address = 'passant.sans.fiche@example.net';
    const dismissed = await addInboxItem(t.ctx, {
      fromAddress: address,
      subject: 'Spam offer',
      text: 'Passant-Spam-5656',
      at: '2019-02-03T09:00:00.000Z',
    });
    await handleInboxItem(
      createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock('2019-02-04T09:00:00.000Z') }),
      dismissed.itemId,
      { type: 'dismiss', reason: 'Spam' },
      'user:a',
    );
    const waiting = await addInboxItem(t.ctx, {
      fromAddress: address,
      subject: 'A question',
      text: 'Passant-Frage-7878',
      at: '2026-11-21T09:00:00.000Z',
    });
    const agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator'));
    const db = t.tdb.database.db;

    assert.equal((await getPage(t.app, agent, '/admin/subject-requests')).statusCode, 403);
    assert.equal((await postForm(t.app, agent, '/admin/subject-requests', { address })).statusCode, 403);
    assert.equal((await getPage(t.app, admin, '/admin/subject-requests')).statusCode, 200);
    // Reached from the administration page.
    assert.match((await getPage(t.app, admin, '/admin')).body, /href="\/admin\/subject-requests"/);
    // Nothing held under an address: said at the field.
    const nothing = await postForm(t.app, admin, '/admin/subject-requests', {
      address: 'nobody@example.net',
    });
    assert.equal(nothing.statusCode, 404);
    assert.match(nothing.body, /Nothing is held under this address/);
    // The address with messages: what an erasure does, with the form carrying the address.
    const preview = await postForm(t.app, admin, '/admin/subject-requests', {
      address: address.toUpperCase(),
    });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /No complainant record holds this address/);
    assert.match(preview.body, /<time datetime="2026-11-21">[^<]*<\/time><\/td><td>still awaiting triage/);
    assert.match(preview.body, new RegExp(`name="address" value="${address}"`));
    // Its export: the ZIP of the messages on no case, the record part empty, audited by the address's digest.
    assert.match(preview.body, /action="\/admin\/subject-requests\/export"/);
    assert.equal(
      (await postForm(t.app, agent, '/admin/subject-requests/export', { address })).statusCode,
      403,
    );
    const exported = await postForm(t.app, admin, '/admin/subject-requests/export', { address });
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-type'], 'application/zip');
    const zip = unzipSync(new Uint8Array(exported.rawPayload));
    const data = JSON.parse(Buffer.from(zip['complainant.json']!).toString('utf8'));
    assert.equal(data.complainant, null);
    assert.deepEqual(
      data.inboxItems.map((i: { state: { id: string } }) => i.state.id),
      [dismissed.itemId, waiting.itemId],
    );
    assert.equal(
      (await postForm(t.app, admin, '/admin/subject-requests/export', { address: 'nobody@example.net' }))
        .statusCode,
      404,
    );
    const unconfirmed = await postForm(t.app, admin, '/admin/subject-requests', {
      address,
      reason: 'Mail of 4 Dec',
    });
    assert.equal(unconfirmed.statusCode, 422);
    assert.match(unconfirmed.body, /erasure-confirm-error/);
    const done = await postForm(t.app, admin, '/admin/subject-requests', {
      address,
      reason: 'Mail of 4 December',
      confirm: 'yes',
    });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /1 message\(s\) erased, 1 kept/);
    const messages = await db
      .selectFrom('correspondence')
      .select(['id', 'from_address', 'text_body'])
      .where('id', 'in', [dismissed.correspondenceId, waiting.correspondenceId])
      .execute();
    assert.deepEqual(
      new Map(messages.map((m) => [m.id, [m.from_address, m.text_body]])),
      new Map([
        [dismissed.correspondenceId, [null, null]],
        [waiting.correspondenceId, [address, 'Passant-Frage-7878']],
      ]),
    );
    const request = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'erasure_requested')
      .where('target_type', '=', 'address')
      .executeTakeFirstOrThrow();
    assert.match(String(request.target_label), /^hmac-sha256:[0-9a-f]{64}$/);
    // A person with a record is sent to their own page.
    const withRecord = await postForm(t.app, admin, '/admin/subject-requests', {
      address: 'nora.antrag@example.net',
    });
    assert.equal(withRecord.statusCode, 303);
    assert.match(String(withRecord.headers.location), /^\/complainants\/[^/]+\/erasure$/);
  });
});
