// The HTTP API for cases (issue 7, item 7) on SQLite: every operation with a bearer token, the role table and the
// per-case rules (management handles step 2), refusals as JSON with the core's own sentence, the write limit per
// token, and the OpenAPI document (valid OpenAPI 3.1, with examples).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { apiSecret, createTestApp, createUser, type TestApp } from '../support/http.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('API: cases', () => {
  let t: TestApp;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  const token = new Map<Role, string>();
  let agent: User;
  let lead: User;
  let caseRef = '';
  let caseId = '';

  const call = (
    role: Role | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(role ? { authorization: `Bearer ${token.get(role)}` } : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  before(async () => {
    t = await createTestApp({ clock });
    agent = await createUser(t.ctx, 'agent', { email: 'agnes@example.org', name: 'Agnes Agent' });
    lead = await createUser(t.ctx, 'lead', { email: 'lea@example.org', name: 'Lea Lead' });
    for (const role of [
      'agent',
      'lead',
      'management',
      'auditor',
      'administrator',
      'department_member',
    ] as const)
      token.set(
        role,
        (
          await createApiToken(
            t.ctx,
            { name: `api-${role}`, role, expiresInDays: null },
            { actor: 'cli', label: null, address: null },
          )
        ).secret,
      );
  });
  after(async () => {
    await t?.close();
  });

  it('creates a complaint: reference, deadlines, acknowledged through the outbox', async () => {
    const res = await call('agent', 'POST', '/api/v1/complaints', {
      complainant: { name: 'Erika Mustermann', email: 'Erika@Example.de' },
      language: 'de',
      ticketRefs: ['#482913'],
      domains: ['XN--MLLER-BAU-Q9A.de', 'https://www.example.com/path'],
      description: 'Seit dem Umzug ist meine Domain nicht erreichbar.',
      expectations: 'Bitte stellen Sie die Erreichbarkeit wieder her.',
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.reference, /^RC-2026-\d{6}$/);
    assert.equal(body.step, 1);
    assert.equal(body.duplicate, false);
    assert.deepEqual(body.missing, []);
    assert.equal(body.acknowledgement, 'email');
    assert.equal(body.deadline.answerByDate, '2026-12-07', '10 working days after Monday 23 November');
    assert.equal(body.deadline.acknowledgeBy, '2026-11-24T09:00:00.000Z');
    caseRef = body.reference;
    caseId = body.caseId;
    const out = await t.tdb.database.db
      .selectFrom('correspondence')
      .select(['direction', 'channel', 'to_address', 'status', 'language'])
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      out.map((r) => [r.direction, r.channel, r.to_address, r.status]),
      [
        ['in', 'api', null, 'received'],
        ['out', 'email', 'erika@example.de', 'pending'],
      ],
    );
    const one = await call('auditor', 'GET', `/api/v1/cases/${caseRef}`);
    assert.equal(one.statusCode, 200);
    const c = one.json();
    assert.equal(c.channel, 'api');
    assert.equal(c.status, 'acknowledged');
    assert.deepEqual(c.fields.ticketRefs, ['482913']);
    assert.deepEqual(c.fields.domains, ['müller-bau.de', 'www.example.com']);
    assert.equal(c.complainant.email, 'erika@example.de');
    assert.equal(c.language, 'de');
  });

  it('is idempotent with an Idempotency-Key, and refuses the same key for other content', async () => {
    const complaint = {
      complainant: { name: 'Max', email: 'max@example.net' },
      description: 'Invoice wrong',
      expectations: 'Correct it',
    };
    const headers = { 'idempotency-key': 'form-submission-0001' };
    const first = await call('agent', 'POST', '/api/v1/complaints', complaint, headers);
    const again = await call('agent', 'POST', '/api/v1/complaints', complaint, headers);
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().duplicate, true);
    assert.equal(again.json().reference, first.json().reference);
    const other = await call(
      'agent',
      'POST',
      '/api/v1/complaints',
      { ...complaint, description: 'x' },
      headers,
    );
    assert.equal(other.statusCode, 409);
    assert.equal(
      other.json().error.message,
      'This Idempotency-Key was used for a different complaint: use a new key.',
    );
  });

  it('names what is missing, and refuses a domain that is not one with the core’s sentence and the field', async () => {
    const thin = await call('lead', 'POST', '/api/v1/complaints', {
      complainant: { email: 'thin@example.org' },
    });
    assert.equal(thin.statusCode, 201);
    assert.deepEqual(thin.json().missing, ['name', 'description', 'expectations']);
    const bad = await call('agent', 'POST', '/api/v1/complaints', {
      complainant: { name: 'A', email: 'a@example.org' },
      domains: ['not a domain'],
      description: 'd',
      expectations: 'e',
    });
    assert.equal(bad.statusCode, 409);
    assert.deepEqual(bad.json().error, {
      code: 'invalid_command',
      message: 'Not a domain name: "not a domain". Write it like example.de or müller-bau.de.',
      field: 'domains',
    });
    const invalid = await call('agent', 'POST', '/api/v1/complaints', { complainant: { email: 'nope' } });
    assert.equal(invalid.statusCode, 422);
    assert.equal(invalid.json().error.code, 'validation_failed');
    assert.equal(invalid.json().error.fields[0].field, 'complainant.email');
  });

  it('registers a letter as JSON with a base64 scan, and as multipart; the same scan twice is one letter', async () => {
    const letter = {
      arrived: '2026-11-20',
      title: 'Transmission de réclamation - Etape 1',
      complainant: { name: 'Jean Dupont', postalAddress: ['12 rue des Lilas', '67000 Strasbourg'] },
      language: 'fr',
      description: 'Facture en double.',
      expectations: 'Un remboursement.',
    };
    const res = await call('agent', 'POST', '/api/v1/letters', {
      letter,
      scan: { contentBase64: PDF.toString('base64'), contentType: 'application/pdf', filename: 'lettre.pdf' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().filing, 'case_opened');
    assert.equal(res.json().acknowledgement, 'letter', 'no e-mail address: a letter to post');
    assert.equal(res.json().receivedAt, '2026-11-19T23:00:00.000Z', '00:00 in Berlin on the day it arrived');
    const twice = await call('agent', 'POST', '/api/v1/letters', {
      letter,
      scan: { contentBase64: PDF.toString('base64') },
    });
    assert.equal(twice.statusCode, 200);
    assert.equal(twice.json().duplicate, true);

    const boundary = '----redress-test';
    const scan2 = Buffer.concat([PDF, Buffer.from('% second\n')]);
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="letter"\r\n\r\n${JSON.stringify({ ...letter, arrived: '2026-11-23' })}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      scan2,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await call('agent', 'POST', '/api/v1/letters/upload', multipart, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    assert.equal(up.statusCode, 201, up.body);
    assert.match(up.json().reference, /^RC-2026-/);
    const badArrival = await call('agent', 'POST', '/api/v1/letters', {
      letter: { ...letter, arrived: '2027-01-01' },
    });
    assert.equal(badArrival.statusCode, 409);
    assert.equal(
      badArrival.json().error.message,
      'The letter cannot have arrived in the future (Jan 1, 2027): check the date and time of arrival.',
    );
    assert.equal(badArrival.json().error.field, 'arrived');
  });

  it('lists queues with filters, reads events and correspondence, searches', async () => {
    // The acknowledgements written so far go out, as the outbox sends them: the clocks then count the answer.
    await sendDueMail(t.ctx, acceptingTransport);
    const list = await call('agent', 'GET', '/api/v1/cases?queue=step1&limit=2');
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().cases.length, 2);
    assert.equal(list.json().hasMore, true);
    const byLanguage = await call('agent', 'GET', '/api/v1/cases?language=de');
    assert.deepEqual(
      byLanguage.json().cases.map((c: { reference: string }) => c.reference),
      [caseRef],
    );
    assert.equal(byLanguage.json().cases[0].workingDaysLeft, 10);
    const letters = await call('agent', 'GET', '/api/v1/cases?channel=letter');
    assert.equal(letters.json().cases.length, 2);
    const events = await call('auditor', 'GET', `/api/v1/cases/${caseId}/events`);
    assert.deepEqual(
      events.json().events.map((e: { type: string }) => e.type),
      ['case_received', 'acknowledged'],
    );
    assert.match(events.json().events[0].hash, /^[0-9a-f]{64}$/);
    const corr = await call('agent', 'GET', `/api/v1/cases/${caseRef}/correspondence`);
    assert.equal(corr.json().correspondence.length, 2);
    const found = await call('agent', 'GET', `/api/v1/search?q=${encodeURIComponent('müller-bau.de')}`);
    assert.equal(found.statusCode, 200);
    assert.deepEqual(
      found.json().cases.map((c: { reference: string }) => c.reference),
      [caseRef],
    );
    const missing = await call('agent', 'GET', '/api/v1/cases/RC-2026-999999');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
  });

  it('acts on a case: assign, categorise, note, request information, extend, answer, escalate, close, reopen', async () => {
    const agentTakes = await call('agent', 'POST', `/api/v1/cases/${caseRef}/assign`, { to: agent.id });
    assert.equal(agentTakes.statusCode, 403, 'a token is not a person: only leads reassign');
    assert.equal(agentTakes.json().error.code, 'forbidden_role');
    const assigned = await call('lead', 'POST', `/api/v1/cases/${caseRef}/assign`, { to: agent.id });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().ownerId, agent.id);
    const nobody = await call('lead', 'POST', `/api/v1/cases/${caseRef}/assign`, { to: 'no-such-user' });
    assert.equal(nobody.statusCode, 404);
    assert.equal(nobody.json().error.code, 'user_not_found');

    const cat = await call('agent', 'POST', `/api/v1/cases/${caseRef}/categorise`, { category: 'transfer' });
    assert.equal(cat.json().category, 'transfer');
    const badCat = await call('agent', 'POST', `/api/v1/cases/${caseRef}/categorise`, {
      category: 'weather',
    });
    assert.equal(badCat.statusCode, 409);
    assert.equal(badCat.json().error.field, 'category');
    assert.match(
      badCat.json().error.message,
      /^“weather” is not a category: choose one of billing, renewal_expiry/,
    );

    const note = await call('agent', 'POST', `/api/v1/cases/${caseRef}/notes`, {
      text: 'Called the registrar.',
    });
    assert.equal(note.statusCode, 200);
    const info = await call('agent', 'POST', `/api/v1/cases/${caseRef}/request-information`, {
      missing: ['expectations'],
      note: 'Which refund do you expect?',
    });
    assert.equal(info.json().waitingOnComplainant, true);

    const tooEarly = await call('agent', 'POST', `/api/v1/cases/${caseRef}/extend`, {
      reason: 'Waiting for the registry',
      windowStart: '2026-12-07',
      windowEnd: '2026-12-07',
    });
    assert.equal(tooEarly.statusCode, 422);
    assert.equal(tooEarly.json().error.code, 'window_not_later');
    const beforeAnswerDate = await call('agent', 'POST', `/api/v1/cases/${caseRef}/extend`, {
      reason: 'Waiting for the registry',
      windowStart: '2026-12-01',
      windowEnd: '2026-12-15',
    });
    assert.equal(beforeAnswerDate.statusCode, 422);
    assert.equal(beforeAnswerDate.json().error.code, 'window_starts_before_answer_date');
    const extended = await call('agent', 'POST', `/api/v1/cases/${caseRef}/extend`, {
      reason: 'Waiting for the registry',
      windowStart: '2026-12-08',
      windowEnd: '2026-12-15',
    });
    assert.equal(extended.statusCode, 200, extended.body);
    assert.equal(extended.json().deadline.answerByDate, '2026-12-15');
    assert.equal(extended.json().originalDeadline.answerByDate, '2026-12-07');

    const escalateEarly = await call('agent', 'POST', `/api/v1/cases/${caseRef}/escalate`, {});
    assert.equal(escalateEarly.statusCode, 409);
    assert.equal(escalateEarly.json().error.code, 'not_answered');

    const answered = await call('agent', 'POST', `/api/v1/cases/${caseRef}/answer`, {
      outcome: 'partly_upheld',
      text: 'Wir haben Ihre Domain wiederhergestellt.',
      remedy: 'Gutschrift eines Monatsbeitrags.',
      attachments: [
        { filename: 'gutschrift.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') },
      ],
    });
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(answered.json().status, 'answered');
    assert.equal(answered.json().outcome, 'partly_upheld');

    const escalated = await call('agent', 'POST', `/api/v1/cases/${caseRef}/escalate`, {});
    assert.equal(escalated.statusCode, 200, escalated.body);
    const step2Id = escalated.json().step2CaseId;
    assert.ok(step2Id);
    const step2 = await call('management', 'GET', `/api/v1/cases/${step2Id}`);
    assert.equal(step2.json().step, 2);
    const agentOnStep2 = await call('agent', 'POST', `/api/v1/cases/${step2Id}/notes`, { text: 'x' });
    assert.equal(agentOnStep2.statusCode, 403);
    // Which refusal it is, in the caller's language (errors.forbidden_role_step2_management).
    assert.equal(agentOnStep2.json().error.message, 'Step-2 cases are handled by management.');
    const mgmt = await call('management', 'POST', `/api/v1/cases/${step2Id}/notes`, {
      text: 'Management looks at it.',
    });
    assert.equal(mgmt.statusCode, 200);
    const mgmtOnStep1 = await call('management', 'POST', `/api/v1/cases/${caseRef}/notes`, { text: 'x' });
    assert.equal(mgmtOnStep1.statusCode, 403);

    const closed = await call('agent', 'POST', `/api/v1/cases/${caseRef}/close`, {
      reason: 'Answered and escalated',
    });
    assert.equal(closed.json().status, 'closed');
    const onClosed = await call(
      'agent',
      'POST',
      `/api/v1/cases/${caseRef}/request-information`,
      { missing: ['name'] },
      { 'accept-language': 'fr' },
    );
    assert.equal(onClosed.statusCode, 409);
    assert.deepEqual(onClosed.json().error, {
      code: 'case_closed',
      message: 'Le dossier est clos : rouvrez-le d’abord.',
    });
    const reopened = await call('agent', 'POST', `/api/v1/cases/${caseRef}/reopen`, {
      reason: 'The complainant wrote again',
    });
    assert.equal(reopened.statusCode, 200);
    assert.notEqual(reopened.json().status, 'closed');
    const history = await call('agent', 'GET', `/api/v1/cases/${caseRef}/events`);
    const types = history.json().events.map((e: { type: string }) => e.type);
    for (const type of [
      'assigned',
      'categorised',
      'note_added',
      'information_requested',
      'extended',
      'answered',
      'escalated',
      'closed',
      'reopened',
    ])
      assert.ok(types.includes(type), type);
    assert.ok(
      history
        .json()
        .events.every((e: { actor: string }) => e.actor.startsWith('token:') || e.actor === 'system'),
    );
  });

  it('needs a token, and a role the table allows', async () => {
    const none = await call(null, 'GET', '/api/v1/cases');
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, 'token_invalid');
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    const auditor = await call('auditor', 'POST', `/api/v1/cases/${caseRef}/notes`, { text: 'x' });
    assert.equal(auditor.statusCode, 403);
    assert.equal(auditor.json().error.code, 'forbidden_role');
    const admin = await call('administrator', 'GET', '/api/v1/cases');
    assert.equal(admin.statusCode, 403);
    const dept = await call('department_member', 'POST', '/api/v1/complaints', {});
    assert.equal(dept.statusCode, 403);
    assert.equal((await call('auditor', 'GET', '/api/v1/cases')).statusCode, 200);
    void lead;
  });

  it('publishes a valid OpenAPI 3.1 document with examples for every operation it adds', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = res.json();
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
    for (const path of [
      '/api/v1/complaints',
      '/api/v1/letters',
      '/api/v1/letters/upload',
      '/api/v1/cases',
      '/api/v1/cases/{id}',
      '/api/v1/cases/{id}/events',
      '/api/v1/cases/{id}/correspondence',
      '/api/v1/search',
      '/api/v1/cases/{id}/assign',
      '/api/v1/cases/{id}/categorise',
      '/api/v1/cases/{id}/notes',
      '/api/v1/cases/{id}/request-information',
      '/api/v1/cases/{id}/extend',
      '/api/v1/cases/{id}/answer',
      '/api/v1/cases/{id}/escalate',
      '/api/v1/cases/{id}/close',
      '/api/v1/cases/{id}/reopen',
    ])
      assert.ok(doc.paths[path], path);
    const create = doc.paths['/api/v1/complaints'].post;
    const example = create.requestBody.content['application/json'].schema.example;
    assert.equal(example.complainant.name, 'Erika Mustermann');
    assert.ok(create.responses['201'].content['application/json'].schema.example.reference);
    assert.ok(
      create.parameters.some(
        (p: { name: string; in: string }) => p.name === 'idempotency-key' && p.in === 'header',
      ),
    );
    assert.ok(
      doc.paths['/api/v1/cases/{id}/answer'].post.requestBody.content['application/json'].schema.example,
    );
    assert.ok(
      doc.paths['/api/v1/letters'].post.requestBody.content['application/json'].schema.example.letter,
    );
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/docs' });
    assert.match(page.body, /Create a complaint/);
  });
});

describe('API: write limit per token', () => {
  let t: TestApp;
  let secret: string;
  before(async () => {
    t = await createTestApp({ env: { REDRESS_API_WRITES_PER_MINUTE: '2' } });
    secret = await apiSecret(t.ctx, 'agent', 'form');
  });
  after(async () => {
    await t?.close();
  });

  it('answers 429 rate_limited with Retry-After past the limit', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: { authorization: `Bearer ${secret}` },
        payload: { complainant: { email: 'flood@example.org' }, description: 'd', expectations: 'e' },
      });
    assert.equal((await send()).statusCode, 201);
    assert.equal((await send()).statusCode, 201);
    const third = await send();
    assert.equal(third.statusCode, 429);
    assert.equal(third.json().error.code, 'rate_limited');
    assert.match(third.json().error.message, /^Too many requests in a short time\. Please wait \d+ seconds/);
    assert.ok(Number(third.headers['retry-after']) > 0);
    assert.equal(third.headers['ratelimit-remaining'], '0');
  });
});
