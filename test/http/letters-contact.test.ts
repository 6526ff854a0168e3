// A letter's contact details come from outside: anyone can post a letter giving a known person's e-mail address or
// case reference. Registering it never writes another postal address, e-mail address or phone number onto that
// person's record (their other cases keep being written to where the record says); the case the letter opens is
// answered at the letter's address; and staff are told plainly that the letter gives other details than the record.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as nameIndex from '../../src/adapters/db/migrations/202612071700-complainants-name.ts';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { getCase } from '../../src/app/get-case.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendReply } from '../../src/app/send-reply.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
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
    let contactId: string;
    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-25T09:00:00.000Z') });
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
      contactId = (await createUser(t.ctx, 'agent')).id;
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
      // Staff who judge the letter to be his add the e-mail address the record lacks, explicitly, from the case page
      // (which offers only the address the record lacks).
      const casePage = await getPage(t.app, agent, `/cases/${postal.caseId}`);
      assert.match(casePage.body, new RegExp(`action="/cases/${postal.caseId}/address"`));
      assert.match(casePage.body, /id="contact-email"/);
      assert.doesNotMatch(
        casePage.body,
        /id="contact-postal"/,
        'an address on record is not offered for replacing',
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

    it('a letter without an e-mail address from a restricted person’s name and address opens its own record, and staff are sent to the merge form', async () => {
      const restricted = await openComplaint(t.ctx, {
        receivedAt: '2026-11-05T10:00:00.000Z',
        name: 'Odile Ferrand',
        email: null,
        postalAddress: ['7 rue des Tilleuls', '44000 Nantes'],
      });
      const lead = await createUser(t.ctx, 'lead');
      await actOnComplainant(
        t.ctx,
        restricted.complainantId,
        {
          type: 'restrict',
          restrictionId: `r-letters-${engine}`,
          kind: 'designated_contact',
          reason: 'Abusive calls to several staff.',
          reviewBy: '2099-01-01',
          designatedContactId: contactId,
        },
        `user:${lead.id}`,
      );
      const letter = {
        arrived: '2026-11-24',
        kind: 'complaint',
        language: 'fr',
        name: 'Odile Ferrand',
        postalAddress: '7 Rue des Tilleuls\n\n44000 NANTES',
        title: 'Transmission de réclamation - Etape 1',
        description: 'Ma boîte mail ne fonctionne plus.',
        expectations: 'Une réparation.',
      };
      const res = await postForm(t.app, agent, '/letters/new', letter);
      assert.equal(res.statusCode, 303, res.body.slice(0, 800));
      const to = String(res.headers.location);
      const m = /^\/complainants\/([^?]+)\?merge=([^#]+)#merge-title$/.exec(to);
      assert.ok(m, `to the new record's merge form: ${to}`);
      assert.notEqual(m[1], restricted.complainantId, 'nothing merged: a record of its own');
      assert.equal(
        m[2],
        restricted.complainantId,
        'the merge form names the record of the same name and address',
      );
      const said = await flashOf(agent, res);
      assert.match(
        said,
        /A record with the same name and postal address exists already \(Odile Ferrand\), under a restriction\./,
      );
      const form = await getPage(t.app, agent, to);
      // The merge form is open, the other record given in it: staff confirm or leave it.
      assert.match(form.body, new RegExp(`<input[^>]*name="other"[^>]*value="${restricted.complainantId}"`));

      // Another person of the same name elsewhere is no hint.
      const elsewhere = await postForm(t.app, agent, '/letters/new', {
        ...letter,
        postalAddress: '1 place Royale\n44000 Nantes',
        description: 'Autre chose.',
      });
      assert.equal(elsewhere.statusCode, 303);
      assert.match(String(elsewhere.headers.location), /^\/cases\//);
      assert.doesNotMatch(await flashOf(agent, elsewhere), /same name/);
    });

    it('the index on names goes down and up again', async () => {
      const db = t.ctx.database.db as never;
      await nameIndex.down(db);
      await nameIndex.up(db);
    });

    it('the public form giving a known e-mail address with another postal address and phone leaves the record too', async () => {
      const known = await openComplaint(t.ctx, {
        receivedAt: '2026-11-10T10:00:00.000Z',
        name: 'Paula Brun',
        email: 'paula@example.fr',
        postalAddress: ['2 rue Basse', '31000 Toulouse'],
      });
      const done = await submitComplaint(
        t.ctx,
        {
          complainant: {
            name: 'Paula Brun',
            email: 'paula@example.fr',
            phone: '+33 6 99 88 77 66',
            postalAddress: ['5 chemin Lointain', '06000 Nice'],
          },
          language: 'fr',
          description: 'Mon site est lent.',
          expectations: 'Un avoir.',
        },
        { channel: 'web', actor: 'public-form' },
      );
      assert.equal((await getCase(t.ctx, done.caseId)).state.complainantId, known.complainantId);
      const details = await detailsOf(known.caseId);
      assert.deepEqual(details?.postalAddress, ['2 rue Basse', '31000 Toulouse']);
      assert.equal(details?.phone ?? null, null);
    });
  });
