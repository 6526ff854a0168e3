// What Redress wrote about a send, the note a bounce leaves on a case and the reason Redress gives when it closes
// a case itself, in German (the sentences of src/core/correspondence/status-words.ts). The words of others (the
// mail server's answer, a bounce report, a subject) stand in quotation marks, as written. A sentence added there
// without its translation here does not type-check.
import type { StaffStatusTexts } from './staff-status.en.ts';

export const staffStatusDe: StaffStatusTexts = {
  staffStatus: {
    delivery: {
      refused: 'Der Mailserver hat diese Nachricht abgelehnt, mit der Antwort: „{{reply}}“.',
      gaveUp: 'Der Versand wurde nach {{attempts}} Versuchen aufgegeben; der letzte Fehler war: „{{reply}}“.',
      willRetry:
        'Versuch {{attempt}} ist fehlgeschlagen; die Nachricht wird später erneut gesendet. Der Fehler war: „{{reply}}“.',
      notOneAddress:
        'Nicht gesendet: Der Empfänger „{{recipient}}“ ist nicht genau eine E-Mail-Adresse, und eine E-Mail geht nur an eine Adresse. Bitte korrigieren Sie die Adresse und schreiben Sie erneut.',
      heldMissingFile:
        'Zurückgehalten: Die angehängte Datei „{{filename}}“ fehlt im Speicher der Originale; sie muss von der Administration wiederhergestellt werden, damit die E-Mail versendet werden kann.',
      held: 'Zurückgehalten, bis die Einstellungen für ausgehende E-Mails korrigiert sind: Der Mailserver hat unseren eigenen Versand abgelehnt, nicht den Empfänger. Seine Antwort war: „{{reply}}“.',
      bouncedNoDetail:
        'Die Nachricht kam zurück: Der Mailserver des Empfängers hat gemeldet, dass sie nicht zugestellt werden konnte.',
      bounced: 'Die Nachricht kam zurück: Der Mailserver des Empfängers hat „{{report}}“ gemeldet.',
      posted: 'Zur Post gegeben von {{actor}}.',
    },
    bounceNote: {
      notOnFile:
        'Die E-Mail „{{subject}}“ an {{to}} konnte nicht zugestellt werden. {{why}} Dies ist nicht mehr die Adresse im Datensatz der beschwerdeführenden Person; sie wird daher nicht als unerreichbar markiert.',
      unreachable:
        'Die E-Mail „{{subject}}“ an {{to}} konnte nicht zugestellt werden. {{why}} Die beschwerdeführende Person ist jetzt als per E-Mail unerreichbar markiert; bitte senden Sie die Nachricht stattdessen als Brief.',
    },
    otherReason: 'Der angegebene Grund war: „{{reason}}“.',
    postedByColleague: 'Von einem Kollegen zur Post gegeben.',
    closeReason: {
      quietPeriod:
        'Automatisch geschlossen: Nach der Antwort hat die beschwerdeführende Person innerhalb der vorgesehenen Frist nicht mehr geschrieben.',
      suggestionHandled: 'Geschlossen: Die zuständige Abteilung hat den Vorschlag bearbeitet.',
    },
    reopenReason: {
      wroteAgain: 'Wieder geöffnet: Die Person hat nach dem Abschluss erneut zu ihrem Vorschlag geschrieben.',
      wroteAfterClosing:
        'Wieder geöffnet: Die beschwerdeführende Person hat nach dem Abschluss der Beschwerde erneut geschrieben; bitte lesen Sie die Nachricht und entscheiden Sie, wie es weitergeht.',
    },
  },
};
