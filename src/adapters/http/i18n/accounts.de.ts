// Deutsche Texte für Konten per E-Mail: versandte Einladungen, „Passwort vergessen?“ und die Seite zum
// Zurücksetzen. Dieselben Schlüssel wie accounts.en.ts.
import type { AccountsMessages } from './accounts.en.ts';

export const accountsDe: AccountsMessages = {
  signIn: {
    forgotLink: 'Passwort vergessen?',
  },
  forgot: {
    title: 'Passwort vergessen?',
    intro:
      'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Gibt es ein Konto mit dieser Adresse, erhält es einen Link, um ein neues Passwort zu wählen.',
    email: 'E-Mail-Adresse',
    submit: 'Link senden',
    sent: 'Gibt es ein Konto mit der Adresse {{email}}, wurde soeben ein Link dorthin gesendet, mit dem sich ein neues Passwort wählen lässt. Er gilt einmal, eine Stunde lang. Nichts angekommen? Sehen Sie im Spam-Ordner nach oder wenden Sie sich an eine Administratorin oder einen Administrator.',
    back: 'Zurück zur Anmeldung',
  },
  reset: {
    title: 'Neues Passwort wählen',
    intro: 'Wählen Sie ein neues Passwort für {{email}}. Ihre anderen Sitzungen werden beendet.',
  },
  users: {
    openCases_one: '{{name}} hat {{count}} offenen Fall.',
    openCases_other: '{{name}} hat {{count}} offene Fälle.',
    openCasesDisabled_one:
      '{{name}} hat noch {{count}} offenen Fall, den niemand bearbeitet, solange das Konto deaktiviert ist: Eine Teamleitung übergibt ihn in den Warteschlangen („Jemand ist abwesend“) an eine Kollegin oder einen Kollegen.',
    openCasesDisabled_other:
      '{{name}} hat noch {{count}} offene Fälle, die niemand bearbeitet, solange das Konto deaktiviert ist: Eine Teamleitung übergibt sie in den Warteschlangen („Jemand ist abwesend“) an eine Kollegin oder einen Kollegen.',
    invitationSentTitle: 'Einladung an {{email}} gesendet',
    invitationSent:
      'Eine E-Mail mit einem Link zum Festlegen des Passworts ist an {{email}} unterwegs. Der Link gilt einmal, bis {{until}}.',
    invitationMailOff:
      'Der E-Mail-Versand ist ausgeschaltet, es wurde keine E-Mail gesendet: Geben Sie {{name}} diesen Link selbst. Damit lässt sich bis {{until}} einmalig ein Passwort festlegen.',
    sendInvitation: 'Neuen Anmeldelink senden',
    sendInvitationHint:
      'Bei vergessenem Passwort oder abgelaufener Einladung: Der Link geht an die Adresse des Kontos, jeder frühere Link wird ungültig. Das bisherige Passwort gilt, bis ein neues festgelegt ist.',
  },
  errors: {
    reset_throttled:
      'Zu viele Anfragen nach einem neuen Passwort. Versuchen Sie es in {{minutes}} Minuten erneut.',
  },
  files: {
    view: 'Anzeigen',
    viewNamed: '{{name}} anzeigen',
  },
  auditActions: {
    password_reset_requested: 'Neues Passwort angefordert',
    password_reset: 'Passwort zurückgesetzt',
  },
};
