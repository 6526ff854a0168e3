// Messages a reading thread reads before it takes real mail (read-worker.ts).
//
// V8 compiles a function when it is first called and a regular expression when it first runs. Reading an e-mail
// calls on a great deal of code (the MIME parser, charset decoders, HTML to text, and the intake's many patterns
// for names, tickets, domains, amounts and quoted replies), so the first message that takes a given path pays for
// compiling it: tens of milliseconds of CPU time for an ordinary complaint on a thread that has read only a one-
// line message, which is as much as the smallest reading budget an operator may set (`reading.budgetMs`). An
// ordinary message would then be filed unread, as if it were hostile. So a thread reads these messages once before
// the pool counts its time against any budget: together they take the paths ordinary complaints take. (Reading them
// a second time made no difference that `npm run bench -- parse` could see in the first real messages' cost.)
//
// They are made up here (no real person), and nothing of them is stored.

const CRLF = '\r\n';
const lines = (...parts: string[]) => parts.join(CRLF);

/** A complaint in French by the letter of the procedure: its marker, a name, a ticket, a domain, an amount. */
const FRENCH_COMPLAINT = lines(
  'From: Camille Arnaud <camille.arnaud@example.net>',
  'To: complaints@example.org',
  'Subject: Transmission de réclamation - Etape 1',
  'Date: Tue, 03 Nov 2026 09:41:12 +0100',
  'Message-ID: <warm-up-fr@redress.invalid>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Bonjour,',
  '',
  'Nom : Camille Arnaud',
  'Numéro de client : 1048576',
  'Ticket n° 730514',
  '',
  'Depuis le 28 octobre, mon site atelier-arnaud.fr et la messagerie du domaine ne répondent plus.',
  "Le support m'a promis un rappel qui n'est jamais venu, et la facture de 49,90 € a tout de même été prélevée.",
  '',
  'Je demande le rétablissement du service et le remboursement du mois.',
  '',
  'Cordialement,',
  'Camille Arnaud',
  '06 12 34 56 78',
  '',
);

/**
 * A reply in English, as mail programs send it: text and HTML, quoted-printable, a quoted earlier message, a
 * reference in the subject and a refund asked for in another currency.
 */
const ENGLISH_REPLY = lines(
  'From: "Peter Holm" <p.holm@example.com>',
  'To: complaints@example.org',
  'Subject: =?utf-8?Q?Re:_Your_complaint_RC-2026-000417_=E2=80=93_still_no_answer?=',
  'Date: Wed, 04 Nov 2026 17:02:55 +0000',
  'Message-ID: <warm-up-en@redress.invalid>',
  'In-Reply-To: <answer-417@example.org>',
  'References: <ack-417@example.org> <answer-417@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="warm-up-alt"',
  '',
  '--warm-up-alt',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hello,',
  '',
  'I am not satisfied with your answer to ticket #482213: the domain holm-photo.co.uk was transferred =',
  'without my consent on 2 November 2026 and I was charged GBP 18.00 for it.',
  '',
  'Please reverse the transfer and refund the charge within ten days.',
  '',
  'Kind regards,',
  'Peter Holm',
  '',
  'On Mon, 2 Nov 2026 at 10:00, Complaints <complaints@example.org> wrote:',
  '> Thank you for your message. We have looked into your request =E2=80=A6',
  '> Yours sincerely',
  '',
  '--warm-up-alt',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<html><head><style>p{margin:0}</style></head><body><p>Hello,</p><p>I am not satisfied with your answer to=',
  ' ticket <b>#482213</b>: the domain <a href=3D"https://holm-photo.co.uk/">holm-photo.co.uk</a> was transf=',
  'erred without my consent on 2&nbsp;November 2026 and I was charged GBP 18.00 for it.</p><p>Please revers=',
  'e the transfer and refund the charge within ten days.</p><p>Kind regards,<br>Peter Holm</p>',
  '<blockquote type=3D"cite"><p>Thank you for your message.</p></blockquote></body></html>',
  '',
  '--warm-up-alt--',
  '',
);

/**
 * A letter in German in an older charset and base64, with an attachment, a signature and a disclaimer, and a
 * forwarded message quoted under it.
 */
const GERMAN_WITH_ATTACHMENT = (() => {
  const text = Buffer.from(
    lines(
      'Sehr geehrte Damen und Herren,',
      '',
      'meine Rechnung Nr. 2026-11-0042 über 129,00 EUR ist falsch: der Tarif für mueller-bau.de wurde',
      'doppelt berechnet. Kundennummer 5501234, Vorgang 889012.',
      '',
      'Ich bitte um eine Gutschrift und eine schriftliche Bestätigung bis zum 20.11.2026.',
      '',
      'Mit freundlichen Grüßen',
      'Jörg Müller',
      'Müller Bau GmbH, Hauptstraße 5, 10115 Berlin',
      '',
      '-------- Weitergeleitete Nachricht --------',
      'Von: Buchhaltung <buchhaltung@mueller-bau.de>',
      'Datum: 05.11.2026 08:15',
      'Betreff: Doppelte Abbuchung',
      '',
      'Die Abbuchung erscheint zweimal auf dem Kontoauszug.',
      '',
      'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind,',
      'informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail.',
      '',
    ),
    'latin1',
  )
    .toString('base64')
    .replace(/.{76}/g, `$&${CRLF}`);
  const attachment = Buffer.from('%PDF-1.4\n% made up for a warm-up\n%%EOF\n', 'latin1').toString('base64');
  return lines(
    'From: =?iso-8859-1?Q?J=F6rg_M=FCller?= <j.mueller@example.de>',
    'To: complaints@example.org',
    'Subject: =?iso-8859-1?Q?Beschwerde_=FCber_meine_Rechnung?=',
    'Date: Thu, 05 Nov 2026 08:30:00 +0100',
    'Message-ID: <warm-up-de@redress.invalid>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="warm-up-mixed"',
    '',
    '--warm-up-mixed',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: base64',
    '',
    text,
    '--warm-up-mixed',
    'Content-Type: application/pdf; name="Rechnung.pdf"',
    'Content-Disposition: attachment; filename="Rechnung.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--warm-up-mixed--',
    '',
  );
})();

/** A suggestion sent through a web form: labelled fields in an HTML table, with no text part. */
const FORM_SUGGESTION = lines(
  'From: Website <no-reply@example.org>',
  'Reply-To: Ana Costa <ana.costa@example.net>',
  'To: suggestions@example.org',
  'Subject: Contact form: suggestion',
  'Date: Fri, 06 Nov 2026 12:00:00 +0100',
  'Message-ID: <warm-up-form@redress.invalid>',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<!DOCTYPE html><html><body><table>',
  '<tr><th>Name</th><td>Ana Costa</td></tr>',
  '<tr><th>E-mail</th><td><a href="mailto:ana.costa@example.net">ana.costa@example.net</a></td></tr>',
  '<tr><th>Domain</th><td>costa-design.pt</td></tr>',
  '<tr><th>Message</th><td>It would help to see the renewal date of each domain on the invoice.<br>',
  'Thank you &amp; best wishes.</td></tr>',
  '</table><p style="color:#888">Sent from the contact form on https://www.example.org/contact</p></body></html>',
  '',
);

/** The messages, as bytes. */
export const WARM_UP_MESSAGES: readonly Uint8Array[] = [
  FRENCH_COMPLAINT,
  ENGLISH_REPLY,
  GERMAN_WITH_ATTACHMENT,
  FORM_SUGGESTION,
].map((m) => new Uint8Array(Buffer.from(m, 'utf8')));
