// A letter's contact details come from outside: anyone can post a letter giving a known person's e-mail address or
// case reference. Registering it never writes another postal address, e-mail address or phone number onto that
// person's record (their other cases keep being written to where the record says); the case the letter opens is
// answered at the letter's address; and staff are told plainly that the letter gives other details than the record.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { getCase } from '../../src/app/get-case.ts';
import { sendReply } from '../../src/app/send-reply.ts';
import { fixedClock } from '../../src/core/ports.ts';
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
import { openComplaint } from '../support/staff.ts';

const STEP2 = 'Transmission de réclamation - Etape 2';

for (const engine of ENGINES)
  describe(`a letter's contact details and the record (${engine})`, () => {
    let t: TestApp;
    let agent: TestSession;
    let manager: TestSession;
    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-25T09:00:00.000Z') });
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
      manager = await sessionFor(t.ctx, await createUser(t.ctx, 'management'));
    });
    after(() => t?.close());

    const caseIdOf = (res: { headers: Record<string, unknown> }) =>
      String(res.headers.location).replace('/cases/', '');
    const detailsOf = async (caseId: string) => {
      const c = await getCase(t.ctx, caseId);
      return c.complainant?.details ?? null;
    };
    /** The page the registration leads to, with the message it left (its flash cookie). */
    const flashOf = async (s: TestSession, res: { headers: Record<string, unknown> }) => {
      const raw = res.headers['set-cookie'];
      const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
      const flash = list.find((c) => c.startsWith('redress_flash='))?.split(';')[0] ?? '';
      const page = await getPage(t.app, s, String(res.headers.location), { cookie: `${s.cookie}; ${flash}` });
      return /class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '';
    };

    it('a letter giving a known e-mail address and another postal address leaves the record’s address, and says so', async () => {
      const known = await openComplaint(t.ctx, {
        receivedAt: '2026-11-10T10:00:00.000Z',
        name: 'Claire Morel',
        email: 'claire@example.fr',
        postalAddress: ['4 rue du Port', '56100 Lorient'],
      });
      const res = await postForm(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        language: 'fr',
        name: 'Claire Morel',
        email: 'claire@example.fr',
        phone: '+33 6 11 22 33 44',
        postalAddress: '99 avenue Inconnue\n75011 Paris',
        title: 'Transmission de réclamation - Etape 1',
        description: 'Mon nom de domaine a expiré.',
        expectations: 'Le renouveler.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 800));
      const after = await detailsOf(known.caseId);
      assert.deepEqual(
        after?.postalAddress,
        ['4 rue du Port', '56100 Lorient'],
        'the record keeps its address',
      );
      assert.equal(after?.phone ?? null, null, 'nor does a letter give the record a phone number');
      const page = await flashOf(agent, res);
      assert.match(page, /another phone number and postal address than the complainant’s record/);
    });

    it('a letter quoting a postal complainant’s case does not give their record an e-mail address or another address; the case it opens is answered at the letter’s address, their other case at the record’s', async () => {
      const postal = await openComplaint(t.ctx, {
        receivedAt: '2026-11-05T10:00:00.000Z',
        name: 'Henri Vidal',
        email: null,
        postalAddress: ['12 rue Haute', '29200 Brest'],
      });
      const other = await openComplaint(t.ctx, {
        receivedAt: '2026-11-06T10:00:00.000Z',
        name: 'Henri Vidal',
        email: null,
        postalAddress: ['12 rue Haute', '29200 Brest'],
      });
      const res = await postForm(t.app, manager, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        step: '2',
        language: 'fr',
        caseReference: postal.reference,
        name: 'Henri Vidal',
        email: 'pas-henri@example.net',
        postalAddress: '1 impasse Ailleurs\n13001 Marseille',
        title: STEP2,
        description: 'Je conteste la réponse.',
        expectations: 'Un geste commercial.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 800));
      const step2Id = caseIdOf(res);
      const details = await detailsOf(postal.caseId);
      assert.equal(details?.email ?? null, null, 'no e-mail address written onto the record by a letter');
      assert.deepEqual(details?.postalAddress, ['12 rue Haute', '29200 Brest']);
      assert.match(
        await flashOf(manager, res),
        /another e-mail address and postal address than the complainant’s record/,
      );
      // The step-2 case is acknowledged by a letter to the address its letter came from.
      const ack = (await outboxItemsOfCase(t.ctx.database.db, step2Id)).find((o) => o.channel === 'letter');
      assert.ok(ack, 'an acknowledgement to post');
      assert.deepEqual(ack.postalAddress, ['Henri Vidal', '1 impasse Ailleurs', '13001 Marseille']);
      // The person's other case is still written to where the record says.
      await sendReply(t.ctx, other.caseId, {
        kind: 'update',
        text: 'Nous examinons votre dossier.',
        actor: 'test',
      });
      const update = (await outboxItemsOfCase(t.ctx.database.db, other.caseId)).find(
        (o) => o.channel === 'letter',
      );
      assert.ok(update);
      assert.deepEqual(update.postalAddress, ['Henri Vidal', '12 rue Haute', '29200 Brest']);
    });
  });
