// Deutsche Texte des öffentlichen Beschwerdeformulars und der eigenen Ablehnungen der API (dieselben Schlüssel wie
// public.en.ts).
import type { PublicMessages } from './public.en.ts';

export const publicDe: PublicMessages = {
  validation: {
    consent: 'Bitte kreuzen Sie dieses Feld an, damit wir Ihre Beschwerde bearbeiten dürfen.',
  },
  errors: {
    rate_limited:
      'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie {{retryAfterSeconds}} Sekunden und versuchen Sie es erneut.',
  },
  publicForm: {
    title: 'Beschwerde einreichen',
    intro:
      'Es tut uns leid, dass etwas nicht gut gelaufen ist. Schildern Sie es uns hier, und {{organisation}} wird sich sorgfältig darum kümmern.',
    promiseAcknowledgeHours_one:
      'Sie erhalten innerhalb einer Stunde eine Eingangsbestätigung per E-Mail mit Ihrem Aktenzeichen.',
    promiseAcknowledgeHours_other:
      'Sie erhalten innerhalb von {{count}} Stunden eine Eingangsbestätigung per E-Mail mit Ihrem Aktenzeichen.',
    promiseAcknowledgeWorkingDays_one:
      'Sie erhalten innerhalb eines Werktages eine Eingangsbestätigung per E-Mail mit Ihrem Aktenzeichen.',
    promiseAcknowledgeWorkingDays_other:
      'Sie erhalten innerhalb von {{count}} Werktagen eine Eingangsbestätigung per E-Mail mit Ihrem Aktenzeichen.',
    promiseAnswer:
      'Sie erhalten unsere Antwort innerhalb von {{days}} Arbeitstagen oder eine Nachricht, warum wir länger brauchen.',
    promiseLanguage:
      'Sie können auf Französisch, Englisch oder Deutsch schreiben; wir antworten in der Sprache dieser Seite.',
    aboutYou: 'Zu Ihrer Person',
    aboutComplaint: 'Ihre Beschwerde',
    name: 'Ihr Name',
    email: 'Ihre E-Mail-Adresse',
    emailHint: 'An diese Adresse senden wir die Eingangsbestätigung und unsere Antwort.',
    postalAddress: 'Ihre Postanschrift',
    postalAddressHint: 'Falls Sie auch Briefe von uns erhalten möchten.',
    ticketRefs: 'Nummer des Support-Tickets',
    ticketRefsHint:
      'Wenn Ihre Beschwerde eine Support-Anfrage betrifft: deren Nummer, z. B. 123456. Mehrere durch Kommas trennen.',
    domains: 'Betroffene Domainnamen',
    domainsHint: 'Zum Beispiel beispiel.de oder müller-bau.de. Mehrere durch Kommas trennen.',
    description: 'Was ist passiert?',
    descriptionHint:
      'Bitte beschreiben Sie das Problem so genau wie möglich: was, wann, und was Sie schon versucht haben.',
    expectations: 'Was erwarten Sie von uns?',
    expectationsHint: 'Zum Beispiel eine Korrektur, eine Erstattung, eine Erklärung.',
    attachments: 'Unterlagen',
    attachmentsHint:
      'Eine Rechnung, ein Bildschirmfoto, ein Schreiben: PDF, PNG oder JPEG, je höchstens {{size}}, höchstens {{count}} Dateien und zusammen höchstens {{total}}.',
    attachmentsDocumentsSubject: '[{{reference}}] Unterlagen zur Beschwerde',
    attachmentsDocumentsTitle: 'Unterlagen zur Beschwerde',
    errors_attachments_tooLarge:
      'Eine Unterlage ist größer als {{size}}: bitte senden Sie eine kleinere Datei.',
    errors_attachments_type:
      'Die Unterlage „{{name}}“ ist keine PDF-, PNG- oder JPEG-Datei (es zählt ihr Inhalt, nicht ihr Name): bitte senden Sie sie in einem dieser Formate.',
    errors_attachments_again:
      'Ihre Unterlagen ({{names}}) konnten mit dem Formular nicht aufbewahrt werden: Bitte wählen Sie sie vor dem Senden erneut aus.',
    errors_attachments_empty:
      'Die Unterlage „{{name}}“ ist leer angekommen (0 Byte): Bitte wählen Sie sie erneut oder eine andere Kopie davon aus und senden Sie das Formular noch einmal.',
    errors_attachments_tooMany: 'Mit dem Formular können höchstens {{count}} Unterlagen gesendet werden.',
    errors_attachments_tooMuch:
      'Ihre Unterlagen sind zusammen größer als {{size}}: Bitte senden Sie weniger oder kleinere Dateien (zum Beispiel einen Scan mit geringerer Auflösung).',
    errors_attachments_overBudget:
      'Ihre Sendung war zu groß, um empfangen zu werden: Ihre Unterlagen wurden daher nicht übernommen, Ihr Text ist aber erhalten. Bitte wählen Sie sie erneut aus, höchstens {{count}} Unterlagen von je höchstens {{size}} und zusammen höchstens {{total}}, und senden Sie das Formular erneut.',
    step: 'Um welche Stufe handelt es sich?',
    step1: 'Eine neue Beschwerde (Stufe 1)',
    step2:
      'Ich habe eine Antwort auf meine Beschwerde erhalten und bin damit nicht zufrieden (Stufe 2, bearbeitet von der Geschäftsleitung)',
    caseReference: 'Aktenzeichen Ihrer ersten Beschwerde',
    caseReferenceHint: 'Für Stufe 2: das Aktenzeichen aus unserer Antwort, z. B. RC-2026-000123.',
    step2ByPost:
      'Dieses Formular ist für neue Beschwerden. Wenn Sie unsere Antwort schon erhalten haben und damit nicht zufrieden sind, können Sie Ihre Beschwerde per Brief an unsere Geschäftsleitung richten (Stufe 2):',
    step2ByPostHow: 'Bitte nennen Sie in Ihrem Brief das Aktenzeichen Ihrer ersten Beschwerde.',
    consentLabel: 'Einwilligung',
    consent:
      'Ich bin damit einverstanden, dass {{organisation}} meine Angaben speichert und verwendet, um meine Beschwerde zu bearbeiten und mir zu antworten.',
    submit: 'Beschwerde absenden',
    byEmail: 'Sie können Ihre Beschwerde auch per E-Mail an {{email}} senden.',
    honeypot: 'Dieses Feld bitte leer lassen',
    notAccepted:
      'Wir konnten dieses Formular nicht annehmen. Bitte prüfen Sie Ihre Angaben und senden Sie es erneut, oder schreiben Sie uns eine E-Mail.',
    tooFast:
      'Das ging sehr schnell! Bitte prüfen Sie Ihre Angaben noch einmal und senden Sie das Formular erneut.',
    expired:
      'Dieses Formular war abgelaufen. Ihre Angaben sind erhalten: Bitte prüfen Sie sie und senden Sie das Formular erneut.',
    notShown:
      'Dieses Formular konnte nicht zugeordnet werden (zum Beispiel aus einem anderen Browser oder ohne Cookies gesendet). Ihre Angaben sind erhalten: Bitte prüfen Sie sie und senden Sie das Formular erneut.',
    busy: 'Gerade treffen sehr viele Unterlagen bei uns ein, daher konnten wir Ihre nicht annehmen. Ihr Text ist noch da: Bitte wählen Sie Ihre Unterlagen erneut aus und senden Sie das Formular in einer Minute noch einmal.',
    rateLimited:
      'Wir haben in der letzten Stunde viele Beschwerden von Ihrem Anschluss erhalten. Bitte versuchen Sie es in etwa {{minutes}} Minuten erneut, oder schreiben Sie uns eine E-Mail.',
    errors: {
      ticketRefs:
        'Schreiben Sie die Ticketnummer so, wie sie in unseren Nachrichten steht, z. B. 123456 oder INC-2026-AB12; mehrere durch Kommas trennen.',
      domains: 'Das konnten wir nicht als Domainnamen lesen: {{values}}. Schreiben Sie ihn wie beispiel.de.',
    },
    thanksTitle: 'Vielen Dank, Ihre Beschwerde ist eingegangen',
    thanksReference: 'Ihr Aktenzeichen:',
    thanksAcknowledgement:
      'Eine Eingangsbestätigung ist unterwegs an {{email}}. Falls sie nicht ankommt, sehen Sie bitte auch im Spam-Ordner nach.',
    thanksNoEmail: 'Wir bestätigen den Eingang Ihrer Beschwerde in Kürze.',
    thanksAnswerBy:
      'Sie erhalten unsere Antwort spätestens am {{date}} oder eine Nachricht, warum wir länger brauchen.',
    thanksJoinedTitle: 'Vielen Dank, Ihre Nachricht ist eingegangen',
    thanksJoined:
      'Sie haben uns bereits gebeten, diese Angelegenheit in Stufe 2 zu prüfen. Wir haben Ihre Nachricht daher zu dieser Beschwerde gelegt:',
    thanksJoinedNoAcknowledgement:
      'Es wurde keine neue Beschwerde eröffnet, Sie erhalten daher keine zweite Eingangsbestätigung; wer Ihre Beschwerde bearbeitet, liest, was Sie uns geschickt haben.',
    thanksJoinedAnswerBy:
      'Unsere Antwort auf diese Beschwerde erhalten Sie weiterhin spätestens am {{date}} oder eine Nachricht, warum wir länger brauchen.',
    thanksJoinedAnswered:
      'Wir haben diese Beschwerde bereits beantwortet; Ihre Nachricht wurde ihr für das Team beigefügt, das sie bearbeitet hat.',
    thanksKeepReference:
      'Bitte nennen Sie Ihr Aktenzeichen, wann immer Sie uns zu dieser Beschwerde schreiben.',
    another: 'Eine weitere Beschwerde einreichen',
  },
};
