// A letter more than a year old at the letter form and the API: the form names the date and asks to confirm it,
// then registers it; the API takes it with `confirmOldArrival` and refuses it without, saying how to confirm.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp, createUser, postForm, sessionFor, type TestApp } from '../support/http.ts';

describe('a letter more than a year old, at the form and the API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-23T09:00:00.000Z') });
  });
  after(() => t?.close());

  const letter = (n: number) => ({
    arrived: '2025-06-02',
    kind: 'complaint',
    language: 'fr',
    name: `Anne Lenoir ${n}`,
    postalAddress: '5 rue Basse\n35000 Rennes',
    title: 'Transmission de réclamation - Etape 1',
    description: `Une lettre retrouvée derrière un meuble (${n}).`,
    expectations: 'Une réponse.',
  });

  it('the form names the date and asks to confirm it, then registers it once confirmed', async () => {
    const s = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    const unconfirmed = await postForm(t.app, s, '/letters/new', letter(1));
    assert.equal(unconfirmed.statusCode, 422);
    assert.match(unconfirmed.body, /id="letter-confirmOld-error"/);
    assert.match(
      unconfirmed.body,
      /<input type="checkbox" id="letter-confirmOld" name="confirmOld" value="yes"/,
    );
    assert.match(unconfirmed.body, /more than a year ago/);
    assert.match(unconfirmed.body, /2025/, 'the date is named');
    const ok = await postForm(t.app, s, '/letters/new', { ...letter(1), confirmOld: 'yes' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 600));
    assert.match(String(ok.headers.location), /^\/cases\//);
  });

  it('the API refuses it without confirmOldArrival, asking to confirm it, and takes it with', async () => {
    const { secret: token } = await createApiToken(
      t.ctx,
      { name: 'api-letters', role: 'agent', expiresInDays: null },
      { actor: 'cli', label: null, address: null },
    );
    const body = (confirm: boolean) => ({
      letter: {
        arrived: '2025-06-02',
        kind: 'complaint',
        title: 'Transmission de réclamation - Etape 1',
        complainant: { name: 'Anne Lenoir 2', postalAddress: ['5 rue Basse', '35000 Rennes'] },
        description: 'Une lettre retrouvée derrière un meuble.',
        expectations: 'Une réponse.',
        ...(confirm ? { confirmOldArrival: true } : {}),
      },
    });
    const call = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/letters',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as Record<string, unknown>,
      });
    const refused = await call(body(false));
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(
      refused.json().error.message,
      /more than a year ago: check its year; if the letter did arrive then, confirm/,
    );
    const taken = await call(body(true));
    assert.equal(taken.statusCode, 201, taken.body);
    assert.equal(taken.json().filing, 'case_opened');
  });
});
