// Redress's own notes on inbox items, in German (the sentences of src/core/intake/staff-notes.ts). A sentence
// added there without its translation here does not type-check.
import type { StaffNoteKey } from '../../../core/intake/staff-notes.ts';

export const staffNotesDe: { staffNotes: Record<StaffNoteKey, string> } = {
  staffNotes: {
    refersToCase: 'Die Nachricht bezieht sich auf den Vorgang {{reference}}.',
    namesOtherCasesUnknownSender:
      'Die Nachricht nennt {{references}} (im Betreff oder als Nachricht, auf die sie antwortet), einen Vorgang eines anderen Beschwerdeführers, und ihr Absender ist unbekannt: Bitte prüfen Sie, wer geschrieben hat, bevor Sie sie zuordnen.',
    namesOtherCases:
      'Die Nachricht nennt {{references}} (im Betreff oder als Nachricht, auf die sie antwortet), einen Vorgang eines anderen Beschwerdeführers, und kommt von {{sender}}: Bitte prüfen Sie, wer geschrieben hat, bevor Sie sie zuordnen.',
    colleagueNamesCaseUnknownSender:
      'Eine Nachricht von einer Adresse der Organisation, aus ihren eigenen Domains, nennt diesen Vorgang: als Nachricht eines Kollegen abgelegt, nicht als die der beschwerdeführenden Person; bitte prüfen Sie, wer sie geschrieben hat.',
    colleagueNamesCase:
      'Eine Nachricht von {{sender}}, aus den eigenen Domains der Organisation, nennt diesen Vorgang: als Nachricht eines Kollegen abgelegt, nicht als die der beschwerdeführenden Person; bitte prüfen Sie, wer sie geschrieben hat.',
    waitStartUnknown:
      'Die beschwerdeführende Person hat auf eine Bitte um Angaben geantwortet, in der ihr mitgeteilt wurde, dass das Antwortdatum bestehen bleibt (gestellt, als die Frist während solcher Wartezeiten nicht ruhte): Das Datum wurde nicht um die Wartetage verschoben. Verlängern Sie die Frist, wenn die Wartezeit es erfordert.',
    wroteOnClosedCase:
      'Die beschwerdeführende Person hat nach dem Abschluss dieser Beschwerde erneut geschrieben: Sie wurde wieder geöffnet, damit jemand die Nachricht liest und über das Weitere entscheidet (eine Antwort, eine neue Beschwerde, Stufe 2 oder erneuter Abschluss). Ihr wurde nichts gesendet.',
    wroteAfterAnswer:
      'Die beschwerdeführende Person hat nach der Antwort erneut geschrieben: Der Fall ist markiert, damit jemand die Nachricht liest und über das Weitere entscheidet (eine Antwort, Stufe 2 oder der Abschluss). Ihr wurde nichts gesendet.',
    senderFieldNotOneAddress:
      'Das Absenderfeld der Nachricht ist nicht eine einzige Adresse: Es wurde nichts automatisch beantwortet; bitte prüfen Sie vor der Antwort, wer geschrieben hat.',
    suspiciousAddress:
      'Ein Adressfeld der Nachricht ist zweifelhaft ({{problem}}): Es wurde nichts automatisch beantwortet; bitte prüfen Sie vor der Antwort, wer geschrieben hat.',
    overLimitToToday:
      'Mehr als {{limit}} automatische E-Mails an {{address}} heute: keine automatische Antwort (Schutz vor Massenversand); eine Person entscheidet.',
    overLimitToHour:
      'Mehr als {{limit}} automatische E-Mails an {{address}} in dieser Stunde: keine automatische Antwort (Schutz vor Massenversand); eine Person entscheidet.',
    overLimitFromToday:
      'Mehr als {{limit}} automatische E-Mails zu Nachrichten von {{address}} heute: keine automatische Antwort (Schutz vor Massenversand); eine Person entscheidet.',
    overLimitFromHour:
      'Mehr als {{limit}} automatische E-Mails zu Nachrichten von {{address}} in dieser Stunde: keine automatische Antwort (Schutz vor Massenversand); eine Person entscheidet.',
    invalidRecipient: '„{{recipient}}“ ist nicht genau eine gültige Adresse: keine automatische Antwort.',
    noAutoMailAddress:
      'Es gibt keine Adresse, an die automatische E-Mails gehen dürfen (das From: des Absenders oder das Reply-To eines Webformulars): Es wurde nichts automatisch beantwortet.',
    otherAddressOnFile:
      'Die Nachricht kommt von einer anderen Adresse als der im Datensatz der beschwerdeführenden Person (einer Adresse, die in diesen Datensatz zusammengeführt wurde): Es wurde nichts automatisch beantwortet; bitte prüfen Sie, wer geschrieben hat, und antworten Sie dann an die Adresse im Datensatz.',
    openedUnanswered:
      'Dieser Vorgang wurde im Eingangskorb zu einer automatischen E-Mail, einer nicht lesbaren Nachricht oder einer Nachricht ohne geprüften Absender eröffnet: Es wurde nichts automatisch beantwortet; bitte prüfen Sie, wer geschrieben hat, und bestätigen Sie den Eingang dann von Hand.',
    openedFromAutomatedOrUnread:
      'Dieser Vorgang wurde im Eingangskorb zu einer automatischen E-Mail oder einer nicht lesbaren Nachricht eröffnet: Es wurde nichts automatisch beantwortet; bitte prüfen Sie, wer geschrieben hat, und bestätigen Sie den Eingang dann von Hand.',
    emptyMessage: 'Keine E-Mail-Nachricht: Sie ist leer (0 Byte).',
    binaryData: 'Keine E-Mail-Nachricht: Binärdaten ({{bytes}} Byte).',
    oneByte: 'Keine E-Mail-Nachricht: nur 1 Byte.',
    fewBytes: 'Keine E-Mail-Nachricht: nur {{bytes}} Byte.',
    noHeaderFields:
      'Keine E-Mail-Nachricht: Am Anfang stehen keine Kopfzeilen (From:, To:, Subject:, Date: …).',
    noHeaderFieldRead:
      'Keine Kopfzeile konnte gelesen werden: Dies ist keine E-Mail-Nachricht ({{problems}}).',
    notRead: 'Die Nachricht konnte nicht gelesen werden ({{error}}).',
    overBudget:
      'Zu komplex, um im vorgesehenen Rahmen gelesen zu werden: Die Nachricht ist Byte für Byte gespeichert; öffnen Sie das Original, um sie zu sehen.',
    setAsideMoved:
      'Die Nachricht konnte nach {{tries}} Versuchen nicht gespeichert werden ({{error}}); sie ist hier ungelesen gespeichert und wurde in den IMAP-Ordner {{setAsideFolder}} von {{account}} verschoben (oder, falls der Server das ablehnte, mit dem Schlüsselwort {{keyword}} im IMAP-Ordner {{folder}} belassen; in {{folder}} hatte sie die UID {{uid}}).',
    setAsideFlagged:
      'Die Nachricht konnte nach {{tries}} Versuchen nicht gespeichert werden ({{error}}); sie ist hier ungelesen gespeichert und wurde mit dem Schlüsselwort {{keyword}} im IMAP-Ordner {{folder}} von {{account}} belassen (in {{folder}} hatte sie die UID {{uid}}).',
    setAsideNotGivenMoved:
      'Der IMAP-Server konnte die Nachricht nach {{tries}} Versuchen nicht liefern ({{error}}); hier ist nichts von ihr gespeichert, dieser Eintrag ist ein Hinweis, den Redress an ihrer Stelle verfasst hat. Die Nachricht wurde in den IMAP-Ordner {{setAsideFolder}} von {{account}} verschoben (oder, falls der Server das ablehnte, mit dem Schlüsselwort {{keyword}} im IMAP-Ordner {{folder}} belassen; in {{folder}} hatte sie die UID {{uid}}). Sobald sie auf dem Server repariert ist, legen Sie sie ohne das Schlüsselwort erneut in {{folder}}, dann wird sie neu abgeholt.',
    setAsideNotGivenFlagged:
      'Der IMAP-Server konnte die Nachricht nach {{tries}} Versuchen nicht liefern ({{error}}); hier ist nichts von ihr gespeichert, dieser Eintrag ist ein Hinweis, den Redress an ihrer Stelle verfasst hat. Die Nachricht wurde mit dem Schlüsselwort {{keyword}} im IMAP-Ordner {{folder}} von {{account}} belassen (in {{folder}} hatte sie die UID {{uid}}). Sobald sie auf dem Server repariert ist, legen Sie sie ohne das Schlüsselwort erneut in {{folder}}, dann wird sie neu abgeholt.',
    tooLargeFlagged:
      'Eine Nachricht von {{bytes}} Bytes, über der Größengrenze von {{limit}} Bytes, wurde nicht abgeholt; hier ist nichts von ihr gespeichert, dieser Eintrag ist ein Hinweis, den Redress an ihrer Stelle verfasst hat. Die Nachricht liegt mit dem Schlüsselwort {{keyword}} im IMAP-Ordner {{folder}} von {{account}} (UID {{uid}} in {{folder}}): Lesen Sie sie dort mit einem Mailprogramm und erfassen Sie sie von Hand.',
    tooLargeSkipped:
      'Eine Nachricht von {{bytes}} Bytes, über der Größengrenze von {{limit}} Bytes, wurde nicht abgeholt; hier ist nichts von ihr gespeichert, dieser Eintrag ist ein Hinweis, den Redress an ihrer Stelle verfasst hat. Die Nachricht liegt im IMAP-Ordner {{folder}} von {{account}} (UID {{uid}} in {{folder}}), wo Redress sie überspringt: Lesen Sie sie dort mit einem Mailprogramm und erfassen Sie sie von Hand.',
    step2OtherCases:
      'Die beschwerdeführende Person hat bereits andere Vorgänge der Stufe 2, die dieses Anliegen betreffen könnten ({{references}}): Prüfen Sie, welchen sie meint, und führen Sie diesen Vorgang mit ihm zusammen, wenn es um dieselbe Sache geht.',
    oldImapNoticeListed:
      'Keine Nachricht, die jemand gesendet hat: Eine frühere Version von Redress hat diesen Eintrag anstelle der Nachricht UID {{uid}} von {{account}} (Ordner {{folder}}) verfasst, die sie nicht abholen konnte. Er bleibt so erhalten, wie er gespeichert wurde, und die Nachricht steht jetzt unter den Nachrichten, die der Mail-Eingang nicht lesen konnte.',
  },
};
