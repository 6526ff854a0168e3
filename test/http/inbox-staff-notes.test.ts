// The notes Redress itself writes on inbox items are shown in the reading staff member's language (stored in
// English, read back into their sentences: src/core/intake/staff-notes.ts): the note on a message the IMAP door set
// aside after failing to store it (a real Dovecot mailbox and poller), notes stored before in the same words, and
// a person's own words, which stay as written; the same through the API, in the language of Accept-Language, with
// each sentence's code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { staffNotesDe } from '../../src/adapters/http/i18n/staff-notes.de.ts';
import { staffNotesEn } from '../../src/adapters/http/i18n/staff-notes.en.ts';
import { staffNotesFr } from '../../src/adapters/http/i18n/staff-notes.fr.ts';
import { ImapPoller } from '../../src/adapters/mail/imap-poller.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { listInbox } from '../../src/app/list-inbox.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import type { InboundEmail } from '../../src/app/prepare-email.ts';
import { fileSetAside } from '../../src/app/set-aside-email.ts';
import { adminClient, DOVECOT_MISSING, startDovecot, testImapBox } from '../mail/support/dovecot.ts';
import { silentLogger } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { assertSameTexts } from '../support/same-texts.ts';
import { until } from '../support/until.ts';

describe('Redress’s own notes on inbox items, in the reader’s language', () => {
  let t: TestApp;
  const readers: Record<'en' | 'fr' | 'de', User> = {} as never;

  before(async () => {
    t = await createTestApp();
    for (const language of ['en', 'fr', 'de'] as const)
      readers[language] = await createUser(t.ctx, 'agent', {
        email: `agent-${language}@example.org`,
        language,
      });
  });
  after(async () => {
    await t?.close();
  });

  /** The note as the item's page shows it to the reader of `language` (the text of its <dd>, unescaped). */
  const noteOn = async (itemId: string, language: 'en' | 'fr' | 'de') => {
    const page = await getPage(t.app, await sessionFor(t.ctx, readers[language]), `/inbox/${itemId}`);
    assert.equal(page.statusCode, 200);
    const label = translatorFor(language)('inbox.note');
    const note = [...page.body.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].find(
      (d) => d[1] === label,
    )?.[2];
    assert.ok(note !== undefined, `a note on the page (${language})`);
    return note.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  };

  it('are in French, German and English for each sentence', () => {
    assertSameTexts(staffNotesEn, { fr: staffNotesFr, de: staffNotesDe });
  });

  it('are full sentences in each language: a capital (or an opening quote) first, a full stop last', () => {
    // Not a value first or last either: a value is written elsewhere (an address, a parser's error, in English,
    // often in lower case) and would leave the sentence without its capital or its full stop.
    const notSentences = Object.entries({ en: staffNotesEn, fr: staffNotesFr, de: staffNotesDe }).flatMap(
      ([language, texts]) =>
        Object.entries(texts.staffNotes)
          .filter(([, text]) => !/^[A-ZÀ-ÖØ-Þ«„"“]/.test(text) || !/[.!?]$/.test(text))
          .map(([key, text]) => `${language} ${key}: ${text}`),
    );
    assert.deepEqual(notSentences, []);
  });

  it('the note on a message the IMAP poller set aside', { skip: DOVECOT_MISSING }, async () => {
    const dovecot = await startDovecot();
    const admin = await adminClient(dovecot);
    const intake = new EmailIntake(t.ctx, { readThreads: 0 });
    const poller = new ImapPoller({
      box: testImapBox(dovecot),
      mailbox: t.ctx.config.mailboxes[0]!,
      password: dovecot.password,
      maxFailures: 2,
      retryDelay: () => 0,
      setAside: (email, problem) => fileSetAside(t.ctx, intake, email, problem),
      logger: silentLogger,
      async receive(_email: InboundEmail) {
        throw new Error('value too long for type character varying(998)');
      },
    });
    try {
      await admin.append('INBOX', rawMessage({ from: 'Poison <poison@example.net>', body: 'Never stored.' }));
      poller.start();
      await until('the message set aside', () => poller.stats.setAside === 1);
    } finally {
      await poller.stop();
      await intake.close();
      await admin.logout().catch(() => {});
      await dovecot.stop();
    }
    const [row] = (await listInbox(t.ctx, { filter: 'open', reason: 'unparseable', page: 1, pageSize: 10 }))
      .rows;
    assert.ok(row, 'in the inbox');
    const en = await noteOn(row.id, 'en');
    const fr = await noteOn(row.id, 'fr');
    const de = await noteOn(row.id, 'de');
    assert.match(
      en,
      /^The message could not be stored after 2 tries \(value too long for type character varying\(998\)\); it is stored here unread, and was moved to the IMAP folder \S+ of redress@127\.0\.0\.1 \(or, if the server refused, left in the IMAP folder INBOX with the keyword \$RedressUnprocessable; it was UID 1 in INBOX\)\.$/,
    );
    assert.match(
      fr,
      /^Le message n’a pas pu être enregistré après 2 essais \(value too long for type character varying\(998\)\) ; il est conservé ici sans avoir été lu, et a été déplacé dans le dossier IMAP \S+ \(ou, si le serveur l’a refusé, laissé dans le dossier IMAP INBOX avec le mot-clé \$RedressUnprocessable\) de redress@127\.0\.0\.1 \(il portait l’UID 1 dans INBOX\)\.$/,
    );
    assert.match(
      de,
      /^Die Nachricht konnte nach 2 Versuchen nicht gespeichert werden \(value too long for type character varying\(998\)\); sie ist hier ungelesen gespeichert und wurde in den IMAP-Ordner \S+ von redress@127\.0\.0\.1 verschoben/,
    );
    assert.ok(!/could not|stored here/.test(fr + de), 'nothing left in English but the error itself');
  });

  it('notes stored before in the same words, and a person’s own words as written', async () => {
    const { itemId } = await addInboxItem(t.ctx, {
      reason: 'stranger_reference',
      kind: 'complaint',
      note: 'It names RC-2026-000003 (in its subject or as the message it replies to), a case of another complainant, and comes from eve@evil.example: check who wrote before filing it. more than 5 automatic mails to victim@example.org today: no automatic reply (flood protection); a person decides',
    });
    assert.equal(
      await noteOn(itemId, 'fr'),
      'Le message cite RC-2026-000003 (dans son objet ou comme message auquel il répond), dossier d’un autre réclamant, et vient de eve@evil.example : vérifiez qui a écrit avant de le classer. Plus de 5 courriels automatiques à victim@example.org aujourd’hui : pas de réponse automatique (protection contre les envois en masse) ; une personne décide.',
    );
    assert.equal(
      await noteOn(itemId, 'en'),
      'It names RC-2026-000003 (in its subject or as the message it replies to), a case of another complainant, and comes from eve@evil.example: check who wrote before filing it. More than 5 automatic mails to victim@example.org today: no automatic reply (flood protection); a person decides.',
    );
    assert.equal(
      await noteOn(itemId, 'de'),
      'Die Nachricht nennt RC-2026-000003 (im Betreff oder als Nachricht, auf die sie antwortet), einen Vorgang eines anderen Beschwerdeführers, und kommt von eve@evil.example: Bitte prüfen Sie, wer geschrieben hat, bevor Sie sie zuordnen. Mehr als 5 automatische E-Mails an victim@example.org heute: keine automatische Antwort (Schutz vor Massenversand); eine Person entscheidet.',
    );
    const empty = await addInboxItem(t.ctx, {
      reason: 'unparseable',
      note: 'not an e-mail message: it is empty (0 bytes)',
    });
    assert.equal(await noteOn(empty.itemId, 'de'), 'Keine E-Mail-Nachricht: Sie ist leer (0 Byte).');
    assert.equal(await noteOn(empty.itemId, 'en'), 'Not an e-mail message: it is empty (0 bytes).');
    const own = await addInboxItem(t.ctx, { note: 'Spam, reported to the host (ticket 12).' });
    for (const language of ['en', 'fr', 'de'] as const)
      assert.equal(await noteOn(own.itemId, language), 'Spam, reported to the host (ticket 12).');
  });

  it('through the API, in the language of Accept-Language, with the code of each sentence', async () => {
    const { secret } = await createApiToken(
      t.ctx,
      { name: 'notes-reader', role: 'agent', expiresInDays: null },
      { actor: 'cli', label: null, address: null },
    );
    const read = async (itemId: string, language: 'en' | 'fr' | 'de') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/inbox/${itemId}`,
        headers: { authorization: `Bearer ${secret}`, 'accept-language': language },
      });
      assert.equal(res.statusCode, 200);
      return res.json() as {
        note: string | null;
        noteParts: Array<{ code: string | null; values: Record<string, string>; text: string }> | null;
      };
    };
    const stored =
      'It names RC-2026-000004 (in its subject or as the message it replies to), a case of another complainant, and comes from eve@evil.example: check who wrote before filing it. more than 5 automatic mails to victim@example.org today: no automatic reply (flood protection); a person decides';
    const { itemId } = await addInboxItem(t.ctx, {
      reason: 'stranger_reference',
      kind: 'complaint',
      note: stored,
    });
    const fr = await read(itemId, 'fr');
    assert.equal(
      fr.note,
      'Le message cite RC-2026-000004 (dans son objet ou comme message auquel il répond), dossier d’un autre réclamant, et vient de eve@evil.example : vérifiez qui a écrit avant de le classer. Plus de 5 courriels automatiques à victim@example.org aujourd’hui : pas de réponse automatique (protection contre les envois en masse) ; une personne décide.',
    );
    assert.deepEqual(
      fr.noteParts?.map((p) => [p.code, p.values]),
      [
        ['names_other_cases', { references: 'RC-2026-000004', sender: 'eve@evil.example' }],
        ['over_limit_to_today', { limit: '5', address: 'victim@example.org' }],
      ],
    );
    assert.equal(fr.noteParts?.map((p) => p.text).join(' '), fr.note);
    const de = await read(itemId, 'de');
    assert.match(de.note ?? '', /^Die Nachricht nennt RC-2026-000004 .* eine Person entscheidet\.$/);
    assert.deepEqual(
      de.noteParts?.map((p) => p.code),
      ['names_other_cases', 'over_limit_to_today'],
    );
    // In English too, a full sentence each (the stored note begins its second one in lower case, without a full
    // stop): the sentences of the English translation, not the stored words.
    assert.equal(
      (await read(itemId, 'en')).note,
      'It names RC-2026-000004 (in its subject or as the message it replies to), a case of another complainant, and comes from eve@evil.example: check who wrote before filing it. More than 5 automatic mails to victim@example.org today: no automatic reply (flood protection); a person decides.',
    );
    // A flag of the mail door in its stored words (no value in it): translated, with its code.
    const flagged = await addInboxItem(t.ctx, {
      note: 'The message comes from another address than the one on the complainant’s record (an address merged into it): nothing was answered automatically; check who wrote, then answer at the address on file.',
    });
    assert.deepEqual((await read(flagged.itemId, 'de')).noteParts, [
      {
        code: 'other_address_on_file',
        values: {},
        text: 'Die Nachricht kommt von einer anderen Adresse als der im Datensatz der beschwerdeführenden Person (einer Adresse, die in diesen Datensatz zusammengeführt wurde): Es wurde nichts automatisch beantwortet; bitte prüfen Sie, wer geschrieben hat, und antworten Sie dann an die Adresse im Datensatz.',
      },
    ]);
    // A person's own words: as written, with no code.
    const own = await addInboxItem(t.ctx, { note: 'Spam, reported to the host (ticket 12).' });
    const ownFr = await read(own.itemId, 'fr');
    assert.equal(ownFr.note, 'Spam, reported to the host (ticket 12).');
    assert.deepEqual(ownFr.noteParts, [
      { code: null, values: {}, text: 'Spam, reported to the host (ticket 12).' },
    ]);
    // No note: none, and no parts.
    const none = await addInboxItem(t.ctx, {});
    assert.deepEqual(await read(none.itemId, 'de').then((r) => [r.note, r.noteParts]), [null, null]);
    // The document says what the codes are.
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const parts =
      doc.paths['/api/v1/inbox/{id}'].get.responses['200'].content['application/json'].schema.properties
        .noteParts;
    assert.ok(
      JSON.stringify(parts).includes('"set_aside_moved"'),
      'the codes listed in the OpenAPI document',
    );
  });
});
