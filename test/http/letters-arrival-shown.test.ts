// A letter registered with a day and no time counts from 00:00 that day (its clock), but nobody saw it arrive at
// midnight: the case page, the correspondence list and the complainant's page show the day alone. A letter
// registered with its time shows that time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

describe('the arrival of a letter as shown', () => {
  let t: TestApp;
  let agent: TestSession;
  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-25T09:00:00.000Z') });
    agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
  });
  after(() => t?.close());

  const register = async (n: number, time: string) => {
    const res = await postForm(t.app, agent, '/letters/new', {
      arrived: '2026-11-24',
      time,
      kind: 'complaint',
      language: 'en',
      name: `Paul Martin ${n}`,
      postalAddress: '3 rue Neuve\n69001 Lyon',
      title: 'Transmission de réclamation - Etape 1',
      description: `My invoice is wrong (${n}).`,
      expectations: 'A corrected invoice.',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 600));
    const caseId = String(res.headers.location)
      .replace(/^\/cases\//, '')
      .replace(/[?#].*$/, '');
    return (await getPage(t.app, agent, `/cases/${caseId}`)).body;
  };
  /** What the page says after "Received" in the clock card. */
  const received = (body: string) =>
    /<dt>Received<\/dt><dd><time[^>]*>([^<]*)<\/time><\/dd>/.exec(body)?.[1] ?? '';

  it('a day alone, for a letter registered without a time', async () => {
    const body = await register(1, '');
    const said = received(body);
    assert.ok(said, 'the clock card says when it was received');
    assert.doesNotMatch(said, /12:00|00:00|AM/, said);
    assert.match(said, /2026/);
    assert.doesNotMatch(
      body,
      /Nov 24, 2026, 12:00\s?AM/,
      'nor anywhere on the page (the letter in the history)',
    );
  });

  it('the time, for a letter registered with one', async () => {
    const said = received(await register(2, '14:05'));
    assert.match(said, /2:05|14:05/, said);
  });
});
