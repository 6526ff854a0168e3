// The postal door probed as a confused member of staff would use it, on both engines: a second step-2 letter about
// a step-1 case already taken to step 2 goes to that step-2 case (management's), not back to step 1; a letter that
// quotes one person's case but gives the e-mail address of another complainant on record is not put on that case;
// a scan that was chosen but arrived empty is said, not dropped; the same letter without a scan registered twice is
// one letter (P1.4).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { getCase } from '../../src/app/get-case.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { openCase } from '../../src/app/open-case.ts';
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
import { postMultipart } from '../support/staff.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const STEP2 = 'Transmission de réclamation - Etape 2';

for (const engine of ENGINES)
  describe(`the letter door, probed (${engine})`, () => {
    let t: TestApp;
    let agent: TestSession;
    let manager: TestSession;
    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-25T09:00:00.000Z') });
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
      manager = await sessionFor(t.ctx, await createUser(t.ctx, 'management'));
    });
    after(() => t?.close());

    const caseCount = async () =>
      Number(
        (
          await t.ctx.database.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** A complaint received by e-mail at a fixed instant (the test's clock is fixed too). */
    const complaint = (o: { receivedAt: string; name: string; email?: string }) =>
      openCase(t.ctx, {
        kind: 'complaint',
        step: 1,
        channel: 'email',
        receivedAt: o.receivedAt,
        language: 'fr',
        subject: STEP1,
        complainant: { name: o.name, email: o.email ?? null },
        fields: { ticketRefs: [], domains: [], description: 'Mon site est lent.', expectations: 'Un avoir.' },
        missing: [],
        correspondenceId: null,
        actor: 'mailbox:complaints',
      });
    const caseIdOf = (res: { headers: Record<string, unknown> }) =>
      String(res.headers.location).replace('/cases/', '');
    const errorAt = (body: string, field: string) =>
      new RegExp(`id="letter-${field}-error"[^>]*>([^<]*)`).exec(body)?.[1] ?? null;

    it('a second step-2 letter about a case already at step 2 is filed on the step-2 case, by management only', async () => {
      const step1 = await complaint({ receivedAt: '2026-11-05T10:00:00.000Z', name: 'Paul Martin' });
      const letter = {
        arrived: '2026-11-24',
        kind: 'complaint',
        step: '2',
        caseReference: step1.reference,
        name: 'Paul Martin',
        title: STEP2,
        description: 'La réponse ne me convient pas.',
        expectations: 'Un remboursement.',
      };
      const first = await postForm(t.app, manager, '/letters/new', letter);
      assert.equal(first.statusCode, 303, first.body.slice(0, 500));
      const step2Id = caseIdOf(first);
      assert.equal((await getCase(t.ctx, step2Id)).state.step1CaseId, step1.caseId);
      const before = await caseCount();
      // The complainant writes to management again about the same step-1 case.
      const again = { ...letter, description: 'Je n’ai toujours pas de réponse de la direction.' };
      const byAgent = await postForm(t.app, agent, '/letters/new', again);
      assert.equal(
        byAgent.statusCode,
        403,
        'step 2 is management’s (P5.2): not filed back on step 1 by an agent',
      );
      const second = await postForm(t.app, manager, '/letters/new', again);
      assert.equal(second.statusCode, 303, second.body.slice(0, 1500));
      assert.equal(caseIdOf(second), step2Id, 'on the step-2 case');
      assert.equal(await caseCount(), before, 'no new case');
      const step2 = await getCase(t.ctx, step2Id);
      assert.ok(step2.events.some((e) => e.type === 'correspondence_filed'));
      const onStep1 = await getCase(t.ctx, step1.caseId);
      assert.ok(!onStep1.events.some((e) => e.type === 'correspondence_filed'), 'nothing filed on step 1');
    });

    it('a letter quoting one complainant’s case with another complainant’s e-mail address is refused at the reference', async () => {
      const xavier = await complaint({
        receivedAt: '2026-11-05T10:00:00.000Z',
        email: 'xavier@example.fr',
        name: 'Xavier Roux',
      });
      await complaint({
        receivedAt: '2026-11-05T10:00:00.000Z',
        email: 'yvonne@example.fr',
        name: 'Yvonne Blanc',
      });
      const before = await caseCount();
      for (const [who, step] of [
        [manager, '2'],
        [agent, '1'],
      ] as const) {
        const res = await postForm(t.app, who, '/letters/new', {
          arrived: '2026-11-24',
          kind: 'complaint',
          step,
          caseReference: xavier.reference,
          name: 'Yvonne Blanc',
          email: 'yvonne@example.fr',
          title: step === '2' ? STEP2 : STEP1,
          description: 'Je conteste la réponse.',
          expectations: 'Un geste commercial.',
        });
        // A refused command (errors.ts: invalid_command), said at the field it names.
        assert.equal(res.statusCode, 409, `step ${step}: ${res.body.slice(0, 300)}`);
        assert.match(errorAt(res.body, 'caseReference') ?? '', new RegExp(xavier.reference));
      }
      assert.equal(await caseCount(), before, 'no case opened');
      const x = await getCase(t.ctx, xavier.caseId);
      assert.ok(!x.events.some((e) => e.type === 'correspondence_filed' || e.type === 'step2_linked'));
      assert.equal(x.state.step2CaseId, null, 'Xavier’s case was not taken to step 2 by Yvonne’s letter');
    });

    it('a scan chosen but arriving empty is said at the scan, and nothing is registered', async () => {
      const before = await caseCount();
      const res = await postMultipart(
        t.app,
        agent,
        '/letters/new',
        {
          arrived: '2026-11-24',
          kind: 'complaint',
          name: 'Léa Garnier',
          email: 'lea.garnier@example.fr',
          title: STEP1,
          description: 'Mon domaine a expiré.',
        },
        [{ field: 'scan', filename: 'courrier-lea.pdf', type: 'application/pdf', content: Buffer.alloc(0) }],
      );
      assert.equal(res.statusCode, 422, res.body.slice(0, 300));
      assert.match(errorAt(res.body, 'scan') ?? '', /courrier-lea\.pdf/);
      assert.equal(await caseCount(), before, 'not registered without the scan staff chose');
    });

    it('the same letter without a scan registered twice is one letter (P1.4)', async () => {
      const letter = {
        arrived: '2026-11-23',
        kind: 'complaint',
        name: 'Marc Dupont',
        postalAddress: '3 rue des Lilas\n69001 Lyon',
        title: STEP1,
        description: 'Mon site est hors ligne depuis lundi.',
        expectations: 'Un avoir.',
      };
      const before = await caseCount();
      const first = await postForm(t.app, agent, '/letters/new', letter);
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const second = await postForm(t.app, agent, '/letters/new', letter);
      assert.equal(second.statusCode, 303, second.body.slice(0, 300));
      assert.equal(second.headers.location, first.headers.location, 'shown the case it is on');
      assert.equal(await caseCount(), before + 1, 'one case');
      const view = await getCase(t.ctx, caseIdOf(first));
      assert.equal(view.events.filter((e) => e.type === 'correspondence_filed').length, 0);
      // Sent twice at once (a double click): one letter still.
      const twice = { ...letter, description: 'Mon nom de domaine ne répond plus.' };
      const [x, y] = await Promise.all([
        postForm(t.app, agent, '/letters/new', twice),
        postForm(t.app, agent, '/letters/new', twice),
      ]);
      assert.deepEqual([x.statusCode, y.statusCode], [303, 303]);
      // One answer is the duplicate's (its case); the other registered it, under a record of its own since the
      // letter gives no e-mail address, and opens that record's merge form with Marc Dupont's first record named.
      const where = [x, y].map((r) => String(r.headers.location));
      const onCase = where.find((l) => l.startsWith('/cases/'));
      assert.ok(onCase, where.join(' '));
      const { state } = await getCase(t.ctx, onCase.replace('/cases/', ''));
      for (const l of where)
        assert.ok(l === onCase || l.startsWith(`/complainants/${state.complainantId}?merge=`), l);
      assert.equal(await caseCount(), before + 2);
      // Another letter of the same person, the same day, saying something else, is another letter.
      const other = await postForm(t.app, agent, '/letters/new', {
        ...letter,
        description: 'Et ma facture est fausse.',
      });
      assert.equal(other.statusCode, 303);
      assert.notEqual(other.headers.location, first.headers.location);
    });

    it('a letter quoting a case cannot have arrived before the day that case was received', async () => {
      // Received on 16 November at 11:00 local, answered or not: a letter quoting its reference came later.
      const quoted = await complaint({ receivedAt: '2026-11-16T10:00:00.000Z', name: 'Inès Moreau' });
      const receivedDay = '2026-11-16';
      const before = await caseCount();
      for (const [who, step] of [
        [manager, '2'],
        [agent, '1'],
      ] as const) {
        const res = await postForm(t.app, who, '/letters/new', {
          arrived: '2026-11-02', // a typo for 2026-11-20: the reference did not exist yet
          confirmLate: 'yes',
          kind: 'complaint',
          step,
          caseReference: quoted.reference,
          name: 'Inès Moreau',
          title: step === '2' ? STEP2 : STEP1,
          description: 'Je conteste la réponse.',
          expectations: 'Un avoir.',
        });
        assert.equal(res.statusCode, 409, `step ${step}: ${res.body.slice(0, 300)}`);
        const said = errorAt(res.body, 'arrived') ?? '';
        assert.match(said, new RegExp(quoted.reference), said);
      }
      assert.equal(await caseCount(), before, 'no step-2 case received before its step-1 case');
      const q = await getCase(t.ctx, quoted.caseId);
      assert.equal(q.state.step2CaseId, null);
      assert.ok(!q.events.some((e) => e.type === 'correspondence_filed'));
      // The same day as the case (a date alone is 00:00 local, before the case's hour) is accepted.
      const sameDay = await postForm(t.app, agent, '/letters/new', {
        arrived: receivedDay,
        kind: 'complaint',
        step: '1',
        caseReference: quoted.reference,
        name: 'Inès Moreau',
        title: STEP1,
        description: 'Un complément à ma réclamation.',
      });
      assert.equal(sameDay.statusCode, 303, sameDay.body.slice(0, 300));
      assert.equal(caseIdOf(sameDay), quoted.caseId, 'filed on the case it quotes');
    });

    it('a step-2 letter quoting a suggestion is a step-2 complaint on its own clock, not a note on the suggestion', async () => {
      const suggestion = await openCase(t.ctx, {
        kind: 'suggestion',
        step: null,
        channel: 'email',
        receivedAt: '2026-11-05T10:00:00.000Z',
        language: 'fr',
        subject: 'Une idée',
        complainant: { name: 'Hugo Lambert', email: 'hugo.lambert@example.fr' },
        fields: {
          ticketRefs: [],
          domains: [],
          description: 'Proposez le paiement par virement.',
          expectations: null,
        },
        missing: [],
        correspondenceId: null,
        actor: 'mailbox:suggestions',
      });
      const res = await postForm(t.app, manager, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        step: '2',
        caseReference: suggestion.reference,
        name: 'Hugo Lambert',
        title: STEP2,
        description: 'Votre réponse à ma réclamation ne me satisfait pas.',
        expectations: 'Un remboursement.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.notEqual(caseIdOf(res), suggestion.caseId, 'not filed on the suggestion');
      const step2 = await getCase(t.ctx, caseIdOf(res));
      assert.equal(step2.state.kind, 'complaint');
      assert.equal(step2.state.step, 2);
      assert.equal(step2.state.complainantId, suggestion.complainantId, 'the suggestion’s writer');
      assert.equal(step2.state.warning, 'no_step1_case', 'recorded with a warning (P5.3)');
      assert.equal(
        step2.state.deadline?.answerByDate,
        '2026-12-08',
        'its own clock, from the day it arrived',
      );
      const s = await getCase(t.ctx, suggestion.caseId);
      assert.ok(!s.events.some((e) => e.type === 'correspondence_filed'));
    });

    it('the acknowledgement of a step-2 letter without its marker asks for the step-2 marker, in each language', async () => {
      const markers = {
        fr: ['Transmission de réclamation - Etape 2', 'Etape 1'],
        en: ['Complaint escalation - Step 2', 'Step 1'],
        de: ['Beschwerdeweiterleitung - Stufe 2', 'Stufe 1'],
      } as const;
      for (const language of ['fr', 'en', 'de'] as const) {
        const step1 = await complaint({
          receivedAt: '2026-11-05T10:00:00.000Z',
          name: `Nora Weber ${language}`,
        });
        const res = await postForm(t.app, manager, '/letters/new', {
          arrived: '2026-11-24',
          kind: 'complaint',
          step: '2', // chosen by staff: the letter's title carries no marker
          language,
          caseReference: step1.reference,
          name: `Nora Weber ${language}`,
          postalAddress: 'Lindenweg 4\n70173 Stuttgart',
          description: 'Die Antwort überzeugt mich nicht.',
          expectations: 'Eine Gutschrift.',
        });
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
        const letters = await outboxItemsOfCase(t.ctx.database.db, caseIdOf(res));
        const ack = letters.find((x) => x.purpose === 'acknowledgement');
        assert.ok(ack, 'an acknowledgement letter to post');
        const [step2Marker, step1Word] = markers[language];
        assert.ok(ack.text?.includes(step2Marker), `${language}: ${ack.text}`);
        assert.ok(
          !ack.text?.includes(step1Word),
          `${language}: not the step-1 marker, which files a message at step 1`,
        );
      }
    });

    it('a late letter filed on its case is registered without the warning about a passed answer date', async () => {
      // The warning is for a letter that opens a case (its acknowledgement promises a date); one filed on a case
      // promises nothing new.
      const quoted = await complaint({ receivedAt: '2026-10-01T10:00:00.000Z', name: 'Zoé Perrin' });
      const letter = {
        arrived: '2026-10-20', // its answer date, had it opened a case, passed on 3 November
        kind: 'complaint',
        step: '1',
        caseReference: quoted.reference,
        name: 'Zoé Perrin',
        description: 'Voici la facture que vous m’avez demandée.',
      };
      const live = await getPage(
        t.app,
        agent,
        `/letters/new?arrived=2026-10-20&kind=complaint&step=1&caseReference=${quoted.reference}`,
        { 'hx-request': 'true', 'hx-target': 'letter-promise' },
      );
      assert.equal(live.statusCode, 200);
      assert.ok(!/has already passed/.test(live.body), live.body);
      const res = await postForm(t.app, agent, '/letters/new', letter);
      assert.equal(res.statusCode, 303, errorAt(res.body, 'confirmLate') ?? res.body.slice(0, 300));
      assert.equal(caseIdOf(res), quoted.caseId);
      // A step-2 letter about it opens a step-2 case with its own promise: the warning stands.
      const step2 = await postForm(t.app, manager, '/letters/new', { ...letter, step: '2', title: STEP2 });
      assert.equal(step2.statusCode, 422);
      assert.ok(errorAt(step2.body, 'confirmLate'));
    });

    it('marking a letter posted a second time says when it was posted, changing nothing', async () => {
      const res = await postForm(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        title: STEP1,
        name: 'Rémi Faure',
        postalAddress: '8 place Bellecour\n69002 Lyon',
        description: 'Mon hébergement a été suspendu sans préavis.',
        expectations: 'Sa remise en service.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const caseId = caseIdOf(res);
      const ack = (await outboxItemsOfCase(t.ctx.database.db, caseId)).find(
        (x) => x.purpose === 'acknowledgement',
      );
      assert.equal(ack?.status, 'to_post');
      const first = await postForm(t.app, agent, `/cases/${caseId}/letters/${ack!.id}/posted`);
      assert.equal(first.statusCode, 303);
      const events = (await getCase(t.ctx, caseId)).events.length;
      // A second click (a second tab, the back button): the letter is there, posted; not "no such letter" (404).
      const second = await postForm(t.app, agent, `/cases/${caseId}/letters/${ack!.id}/posted`);
      assert.equal(second.statusCode, 409, second.body.slice(0, 300));
      assert.match(second.body, /already marked as posted on Nov 25, 2026: nothing was changed/);
      assert.equal((await getCase(t.ctx, caseId)).events.length, events, 'nothing recorded again');
    });

    it('a letter whose language was left to the system is answered in the language it is written in (P10)', async () => {
      const cases = {
        fr: 'Mon site est inaccessible depuis lundi et je n’ai reçu aucune réponse de votre support.',
        de: 'Meine Webseite ist seit Montag nicht erreichbar und ich habe keine Antwort vom Support erhalten.',
      } as const;
      for (const [language, description] of Object.entries(cases)) {
        const res = await postForm(t.app, agent, '/letters/new', {
          arrived: '2026-11-24',
          kind: 'complaint',
          language: '', // "the complainant's (when known), else …": this writer is not known
          name: `Camille Girard ${language}`,
          postalAddress: '5 rue Neuve\n67000 Strasbourg',
          description,
          expectations: language === 'fr' ? 'Un remboursement du mois.' : 'Eine Erstattung des Monats.',
        });
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
        const view = await getCase(t.ctx, caseIdOf(res));
        assert.equal(view.state.language, language, 'not the organisation’s default (English)');
        assert.equal(view.complainant?.details.language, language);
      }
    });

    it('a NUL character pasted into the letter’s text is kept as �, not a server error (PostgreSQL keeps no NUL)', async () => {
      const res = await postForm(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        title: `${STEP1}\u0000`,
        name: 'Luc Bernard',
        phone: '+33 1 23\u000045 67 89',
        postalAddress: '2 quai Sud\n33000 Bordeaux',
        description: 'Copié depuis le PDF :\u0000 la facture 2026-118 est fausse.',
        expectations: 'Un avoir\u0000.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const view = await getCase(t.ctx, caseIdOf(res));
      assert.equal(
        view.state.fields.description,
        'Copié depuis le PDF :\uFFFD la facture 2026-118 est fausse.',
      );
      assert.equal(view.state.fields.expectations, 'Un avoir\uFFFD.');
      assert.ok(!view.complainant?.details.phone?.includes('\u0000'));
      // A domain with one is not a domain name: said at the field.
      const domain = await postForm(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        name: 'Luc Bernard',
        postalAddress: '2 quai Sud\n33000 Bordeaux',
        description: 'Mon domaine ne répond plus.',
        domains: 'exam\u0000ple.fr',
      });
      assert.equal(domain.statusCode, 409, domain.body.slice(0, 300));
      assert.ok(errorAt(domain.body, 'domains'));
    });

    it('a letter’s text has the limits of every door (a description of at most 20,000 characters), said at the field', async () => {
      const before = await caseCount();
      const res = await postMultipart(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        name: 'Élise Caron',
        postalAddress: '1 rue Haute\n21000 Dijon',
        description: 'Ma facture est fausse. '.repeat(1000), // 23,000 characters: past what the form lets one type
      });
      assert.notEqual(res.statusCode, 303, 'not registered');
      assert.match(errorAt(res.body, 'description') ?? '', /at most 20[,.\u202f ]?000 characters/);
      assert.equal(await caseCount(), before);
    });

    it('an undelivered acknowledgement is printed as a letter once, and only an undelivered e-mail is', async () => {
      const opened = await complaint({
        receivedAt: '2026-11-24T10:00:00.000Z',
        name: 'Sophie Marchand',
        email: 'sophie.marchand@example.fr',
      });
      const caseId = opened.caseId;
      await postForm(t.app, agent, `/cases/${caseId}/acknowledge`);
      const ack = (await outboxItemsOfCase(t.ctx.database.db, caseId)).find(
        (x) => x.purpose === 'acknowledgement',
      );
      assert.equal(ack?.channel, 'email');
      await t.ctx.database.db
        .updateTable('correspondence')
        .set({ status: 'failed', status_detail: '550 no such user' })
        .where('id', '=', ack!.id)
        .execute();
      // Somewhere for a letter to go.
      const address = await postForm(t.app, agent, `/cases/${caseId}/address`, {
        postalAddress: '9 rue Verte\n44000 Nantes',
      });
      assert.ok([303, 200].includes(address.statusCode), address.body.slice(0, 300));
      const url = `/cases/${caseId}/correspondence/${ack!.id}/resend-letter`;
      const first = await postForm(t.app, agent, url);
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const lettersAfterFirst = (await outboxItemsOfCase(t.ctx.database.db, caseId)).filter(
        (x) => x.channel === 'letter',
      );
      assert.equal(lettersAfterFirst.length, 1);
      // The page no longer offers it, and a second click (or another tab) prints no second letter.
      const page = await getPage(t.app, agent, `/cases/${caseId}`);
      assert.ok(!page.body.includes(`action="${url}"`), 'not offered again');
      const second = await postForm(t.app, agent, url);
      assert.equal(second.statusCode, 409, second.body.slice(0, 300));
      const letters = (await outboxItemsOfCase(t.ctx.database.db, caseId)).filter(
        (x) => x.channel === 'letter',
      );
      assert.equal(letters.length, 1, 'one letter to post');
      // A letter is not "printed as a letter" again.
      const again = await postForm(
        t.app,
        agent,
        `/cases/${caseId}/correspondence/${letters[0]!.id}/resend-letter`,
      );
      assert.equal(again.statusCode, 409, again.body.slice(0, 300));
      assert.equal(
        (await outboxItemsOfCase(t.ctx.database.db, caseId)).filter((x) => x.channel === 'letter').length,
        1,
      );
    });

    it('a suggestion that came by post, from a writer with no e-mail address, is thanked by letter (P9.1)', async () => {
      const res = await postForm(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'suggestion',
        language: 'fr',
        name: 'Gérard Lemoine',
        postalAddress: '14 avenue Foch\n54000 Nancy',
        description: 'Vous pourriez envoyer les factures aussi par courrier.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const caseId = caseIdOf(res);
      const thanks = (await outboxItemsOfCase(t.ctx.database.db, caseId)).filter(
        (x) => x.purpose === 'suggestion_thanks',
      );
      assert.equal(thanks.length, 1, 'a thank-you to post');
      assert.equal(thanks[0]!.channel, 'letter');
      assert.equal(thanks[0]!.status, 'to_post');
      // Posted, it is filed on the case as sent.
      const posted = await postForm(t.app, agent, `/cases/${caseId}/letters/${thanks[0]!.id}/posted`);
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
      const view = await getCase(t.ctx, caseId);
      assert.ok(view.events.some((e) => e.type === 'correspondence_filed'));
    });

    it('a letter quoting a case merged into another is filed on the case it was merged into', async () => {
      const lead = await createUser(t.ctx, 'lead');
      const kept = await complaint({
        receivedAt: '2026-11-10T10:00:00.000Z',
        name: 'Jules Petit',
        email: 'jules@example.fr',
      });
      const duplicate = await complaint({
        receivedAt: '2026-11-10T11:00:00.000Z',
        name: 'Jules Petit',
        email: 'jules@example.fr',
      });
      await mergeCases(t.ctx, kept.caseId, duplicate.caseId, {
        role: 'lead',
        userId: lead.id,
        departments: [],
        actor: `user:${lead.id}`,
      });
      const res = await postForm(t.app, agent, '/letters/new', {
        arrived: '2026-11-24',
        kind: 'complaint',
        step: '1',
        caseReference: duplicate.reference, // the one the complainant was told first
        name: 'Jules Petit',
        description: 'Voici le justificatif demandé.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(caseIdOf(res), kept.caseId, 'on the case kept, where staff work');
      const d = await getCase(t.ctx, duplicate.caseId);
      assert.ok(!d.events.some((e) => e.type === 'correspondence_filed'), 'not on the merged case');
    });

    it('a second step-2 letter quoting nothing, from a writer whose one complaint is at step 2, goes to that step-2 case', async () => {
      const step1 = await complaint({
        receivedAt: '2026-11-05T10:00:00.000Z',
        name: 'Karim Haddad',
        email: 'karim@example.fr',
      });
      const letter = {
        arrived: '2026-11-24',
        kind: 'complaint',
        step: '2',
        name: 'Karim Haddad',
        email: 'karim@example.fr',
        title: STEP2,
        description: 'Je demande l’examen de ma réclamation par la direction.',
        expectations: 'Un remboursement.',
      };
      const first = await postForm(t.app, manager, '/letters/new', letter);
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const step2 = await getCase(t.ctx, caseIdOf(first));
      assert.equal(step2.state.step1CaseId, step1.caseId, 'linked by the rule of every door');
      const before = await caseCount();
      const second = await postForm(t.app, manager, '/letters/new', {
        ...letter,
        description: 'Je n’ai pas encore de réponse de la direction.',
      });
      assert.equal(second.statusCode, 303, second.body.slice(0, 300));
      assert.equal(caseIdOf(second), step2.state.id, 'on the step-2 case');
      assert.equal(await caseCount(), before, 'not a second step-2 case saying there is no step-1 case');
    });
  });
