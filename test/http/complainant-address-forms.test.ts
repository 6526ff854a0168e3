// One person, however their address's domain is written: a domain beyond ASCII can be written in Unicode
// (`münchen.de`) or in its ASCII form (`xn--mnchen-3ya.de`), and in any letter case; both reach the same mailbox.
// Through every door (mail over SMTP, the public form, the API, a letter registered by staff) the second form
// finds the complainant the first registered, so their history, their restriction (P8) and the limits on
// automatic mail follow them; and staff find that record by either form (the complainant search, the subject-access
// export, a legal hold, the case search). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { type SmtpListener, startSmtpListener } from '../../src/adapters/mail/smtp-listener.ts';
import { findComplainant } from '../../src/app/complainant-page.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { findSubjectOrAddress } from '../../src/app/export-complainant.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { silentLogger } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { smtpSend } from '../mail/support/smtp-client.ts';
import { ENGINES } from '../support/databases.ts';
import {
  apiSecret,
  createTestApp,
  createUser,
  form,
  getPage,
  postForm,
  sessionFor,
  setCookies,
  type TestApp,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`one complainant however the address is written (${engine})`, () => {
    let t: TestApp;
    let intake: EmailIntake;
    let smtp: SmtpListener;
    let apiToken = '';
    let agent: User;
    let lead: User;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');

    before(async () => {
      t = await createTestApp({ engine, clock });
      intake = new EmailIntake(t.ctx, { readThreads: 0 });
      smtp = await startSmtpListener({
        ...t.ctx.config.smtp,
        host: '127.0.0.1',
        port: 0,
        mailboxes: () => t.ctx.config.mailboxes,
        receive: (email) => intake.receive(email),
        logger: silentLogger,
      });
      agent = await createUser(t.ctx, 'agent');
      lead = await createUser(t.ctx, 'lead');
      apiToken = await apiSecret(t.ctx, 'agent', 'api-agent');
    });
    after(async () => {
      await smtp?.close();
      await intake?.close();
      await t?.close();
    });

    const db = () => t.ctx.database.db;
    const caseOfReference = (reference: string) =>
      db()
        .selectFrom('cases')
        .select(['id', 'complainant_id'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
    const records = async (local: string) =>
      (
        await db()
          .selectFrom('complainants')
          .select(['id', 'email'])
          .where('email', 'like', `${local}@%`)
          .execute()
      ).map((r) => r.email);

    /** The one case `door` opens. */
    const opened = async (door: () => Promise<void>, what: string) => {
      const before = await db().selectFrom('cases').select('id').execute();
      await door();
      const after = await db().selectFrom('cases').select(['id', 'complainant_id']).execute();
      const added = after.filter((c) => !before.some((b) => b.id === c.id));
      assert.equal(added.length, 1, `one case opened by ${what}`);
      return added[0]!;
    };

    const mail = async (from: string, subject: string) => {
      const before = await db().selectFrom('cases').select('id').execute();
      const reply = await smtpSend(
        smtp.port,
        'bounce@mx.example.net',
        'complaint@example.org',
        rawMessage({ from, subject }),
      );
      assert.match(reply, /^250 /);
      const after = await db().selectFrom('cases').select(['id', 'complainant_id']).execute();
      const opened = after.filter((c) => !before.some((b) => b.id === c.id));
      assert.equal(opened.length, 1, `one case opened by the mail from ${from}`);
      return opened[0]!;
    };

    const apiComplaint = async (email: string, description: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: { authorization: `Bearer ${apiToken}` },
        payload: {
          complainant: { name: 'Rolf Renner', email },
          language: 'de',
          ticketRefs: [],
          domains: [],
          description,
          expectations: 'Dass es wieder geht.',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return caseOfReference(res.json().reference);
    };

    it('mail over SMTP: the domain in ASCII form and in capitals finds the record the Unicode form made', async () => {
      const first = await mail('Hans Huber <hans@münchen.de>', 'Transmission de réclamation - Etape 1');
      const second = await mail(
        'Hans Huber <Hans@XN--MNCHEN-3YA.DE>',
        'Transmission de réclamation - Etape 1 (encore)',
      );
      assert.equal(second.complainant_id, first.complainant_id, 'filed under the same complainant');
      assert.deepEqual(
        await records('hans'),
        ['hans@münchen.de'],
        'one record, as the person first wrote it',
      );
      // Automatic mail goes to the address on file, which is the sender's mailbox: the second case is
      // acknowledged as the first was, not left to a person as mail from "another address".
      const acks = await db()
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select(['correspondence.case_id', 'correspondence.to_address'])
        .where('correspondence.case_id', 'in', [first.id, second.id])
        .where('outbound_items.purpose', '=', 'acknowledgement')
        .execute();
      assert.equal(acks.length, 2, 'both acknowledged automatically');
    });

    it('the public form: the other form of the domain files under the same complainant', async () => {
      const send = (email: string, description: string) =>
        opened(async () => {
          const page = await t.app.inject({
            method: 'GET',
            url: '/complain',
            headers: { 'accept-language': 'de' },
          });
          const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
          const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
          const set = setCookies(page).get('redress_csrf') ?? '';
          clock.advance(20_000);
          const res = await t.app.inject({
            method: 'POST',
            url: '/complain',
            headers: {
              cookie: set.slice(0, set.indexOf(';')),
              'content-type': 'application/x-www-form-urlencoded',
              'accept-language': 'de',
            },
            payload: form({
              _csrf: csrf,
              formToken: token,
              homepage: '',
              name: 'Erika Mustermann',
              email,
              description,
              expectations: 'Bitte stellen Sie die Erreichbarkeit wieder her.',
              consent: 'yes',
            }),
          });
          assert.equal(res.statusCode, 303, res.body.slice(0, 300));
        }, email);
      const first = await send(
        'erika@xn--mnchen-3ya.de',
        'Seit dem Umzug ist meine Domain nicht erreichbar.',
      );
      const second = await send('ERIKA@München.de', 'Auch mein Postfach ist seit gestern nicht erreichbar.');
      assert.notEqual(second.id, first.id);
      assert.equal(second.complainant_id, first.complainant_id, 'filed under the same complainant');
      assert.deepEqual(await records('erika'), ['erika@xn--mnchen-3ya.de']);
    });

    it('the API: the other form of the domain files under the same complainant', async () => {
      const first = await apiComplaint('Gerd@Bücher.de', 'Meine Domain ist seit Montag nicht erreichbar.');
      const second = await apiComplaint('gerd@xn--bcher-kva.DE', 'Mein Postfach ist seit Dienstag voll.');
      assert.equal(second.complainant_id, first.complainant_id, 'filed under the same complainant');
      assert.deepEqual(await records('gerd'), ['gerd@bücher.de']);
    });

    it('a letter registered with the other form of the address is the known complainant’s', async () => {
      const s = await sessionFor(t.ctx, agent);
      const letter = (email: string) =>
        postForm(t.app, s, '/letters/new', {
          arrived: '2026-11-23',
          kind: 'complaint',
          language: 'de',
          title: 'Beschwerde',
          name: 'Lena Lang',
          email,
          description: 'Mein Server ist seit Montag nicht erreichbar.',
          expectations: 'Eine Gutschrift.',
        });
      for (const [known, written] of [
        ['lena@münchen.de', 'LENA@XN--MNCHEN-3YA.DE'],
        // A letter's address is taken as every door takes it: the domain in Unicode too.
        ['luise@xn--mnchen-3ya.de', 'Luise@München.de'],
      ] as const) {
        const c = await openComplaint(t.ctx, { email: known, name: 'Lena Lang', language: 'de' });
        const res = await letter(written);
        assert.equal(res.statusCode, 303, res.body.slice(0, 500));
        const caseId = String(res.headers.location).replace('/cases/', '');
        const row = await db()
          .selectFrom('cases')
          .select('complainant_id')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow();
        assert.equal(row.complainant_id, c.complainantId, `filed under the same complainant: ${written}`);
      }
    });

    it('a restricted complainant stays restricted when they write the domain the other way', async () => {
      const first = await apiComplaint('rolf@münchen.de', 'Ihr Support ist unfähig.');
      const s = await sessionFor(t.ctx, lead);
      const restricted = await postForm(t.app, s, `/complainants/${first.complainant_id}/restrictions`, {
        kind: 'written_only',
        reason: 'Abusive calls to several staff.',
        reviewBy: '2099-01-01',
      });
      assert.equal(restricted.statusCode, 303, restricted.body.slice(0, 500));
      const byMail = await mail(
        'Rolf Renner <ROLF@xn--mnchen-3ya.de>',
        'Transmission de réclamation - Etape 1',
      );
      const byApi = await apiComplaint('Rolf@XN--MNCHEN-3YA.de', 'Immer noch kaputt.');
      for (const c of [byMail, byApi]) {
        assert.equal(c.complainant_id, first.complainant_id, 'filed under the restricted complainant');
        const row = await db()
          .selectFrom('complainants')
          .select('restricted')
          .where('id', '=', c.complainant_id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.restricted), 1);
      }
    });

    it('staff find the record by either form: the complainant search, the subject-access export, the case search', async () => {
      const c = await openComplaint(t.ctx, { email: 'jo@straße.de', name: 'Jo Weiß', language: 'de' });
      for (const written of ['jo@xn--strae-oqa.de', 'JO@XN--STRAE-OQA.DE', 'Jo@Straße.de']) {
        assert.equal(
          await findComplainant(t.ctx, written),
          c.complainantId,
          `complainant search: ${written}`,
        );
        const subject = await findSubjectOrAddress(t.ctx, written);
        assert.equal(
          subject.kind === 'complainant' ? subject.complainant.id : subject.kind,
          c.complainantId,
          `export finds the record: ${written}`,
        );
        const found = await searchCases(t.ctx, written);
        assert.ok(
          found.some((f) => f.id === c.caseId),
          `case search: ${written}`,
        );
      }
    });

    it('two records of one person from before the key are shown on each other’s page and merged by the address', async () => {
      // What an older release made of one person: two records, the domain written once each way (it compared
      // addresses as written; the upgrade then gave both records the same key). The first record is hidden from
      // the lookup by address (a record without a key is found by its address as written too) while the second is made.
      const older = await openComplaint(t.ctx, { email: 'kai@münchen.de', name: 'Kai Kurz' });
      const hide = (email: string, key: string | null) =>
        db()
          .updateTable('complainants')
          .set({ email, email_key: key })
          .where('id', '=', older.complainantId)
          .execute();
      await hide('kai@hidden.invalid', null);
      const newer = await openComplaint(t.ctx, { email: 'kai@xn--mnchen-3ya.de', name: 'Kai K.' });
      await hide('kai@münchen.de', 'kai@xn--mnchen-3ya.de');
      assert.notEqual(newer.complainantId, older.complainantId);
      const s = await sessionFor(t.ctx, lead);
      for (const [page, other] of [
        [older, newer],
        [newer, older],
      ] as const) {
        const res = await getPage(t.app, s, `/complainants/${page.complainantId}`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /id="same-address"/, 'a notice names the other record');
        assert.ok(res.body.includes(`href="/complainants/${other.complainantId}"`), 'with a link to it');
      }
      // On the older record's page, its own address names the other record that holds it (not itself), and merges it.
      const merged = await postForm(t.app, s, `/complainants/${older.complainantId}/merge`, {
        other: 'KAI@MÜNCHEN.DE',
      });
      assert.equal(merged.statusCode, 303, merged.body.slice(0, 800));
      const row = await db()
        .selectFrom('complainants')
        .select('merged_into')
        .where('id', '=', newer.complainantId)
        .executeTakeFirstOrThrow();
      assert.equal(row.merged_into, older.complainantId);
      const page = await getPage(t.app, s, `/complainants/${older.complainantId}`);
      assert.doesNotMatch(page.body, /id="same-address"/, 'no other record left to merge');
    });

    it('a subject-access request for an address with no record finds its messages by either form, as one person', async () => {
      await smtpSend(
        smtp.port,
        'bounce@mx.example.net',
        'complaint@example.org',
        rawMessage({
          from: 'Nora Nord <nora@münchen.de>',
          subject: 'Abwesenheit: Nora Nord',
          headers: { 'Auto-Submitted': 'auto-replied' },
          body: 'Ich bin nicht im Büro.',
        }),
      );
      const digests = new Set<string>();
      for (const written of ['nora@münchen.de', 'NORA@XN--MNCHEN-3YA.DE']) {
        const subject = await findSubjectOrAddress(t.ctx, written);
        assert.equal(subject.kind, 'address', written);
        if (subject.kind !== 'address') continue;
        assert.equal(subject.inbox.length, 1, `its message on no case: ${written}`);
        digests.add(subject.digest);
      }
      assert.equal(digests.size, 1, 'the audit log names the same person whichever form was asked');
    });
  });
}
