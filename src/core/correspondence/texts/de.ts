// Deutsche Texte der Korrespondenz von Redress, für Redress geschrieben (P8.1: höflich, klar, ohne Fachjargon).
import type { LocaleTexts } from '../template-kinds.ts';

const signature = `Mit freundlichen Grüßen
{{team}}
{{organisation}}`;

export const de: LocaleTexts = {
  labels: {
    greetingNamed: 'Guten Tag {{name}},',
    greetingAnonymous: 'Sehr geehrte Damen und Herren,',
    team: {
      complaints: 'Ihr Beschwerdeteam',
      management: 'Die Geschäftsleitung',
      suggestions: 'Ihr Kundenservice',
    },
    missing: {
      name: 'Ihren vollständigen Namen',
      contact: 'wie wir Sie erreichen können (E-Mail-Adresse oder Postanschrift)',
      description:
        'eine genaue Beschreibung des Vorfalls, mit Daten, Ticketnummern oder Domainnamen, soweit vorhanden',
      expectations: 'was wir aus Ihrer Sicht tun sollen, um die Sache zu bereinigen',
      marker:
        'für Ihre nächsten Nachrichten: die Angabe „{{marker}}“ im Betreff, damit sie uns direkt erreichen',
    },
    digest: {
      acknowledgeDue: 'Eingangsbestätigung fällig bis {{due}}',
      acknowledgeOverdue: 'Eingangsbestätigung überfällig seit {{due}}',
      answerDueSoon: 'Antwort fällig am {{due}}',
      answerOverdue: 'Antwort überfällig seit {{due}}',
      extensionLastDay: 'letzter Tag für die Antwort oder eine Verlängerungsmitteilung: {{due}}',
      lettersToPost: 'Brief wartet auf den Versand per Post',
      restrictionReview:
        'eine Einschränkung für {{name}} ist zu überprüfen ({{due}}): beibehalten oder aufheben',
      hidden: 'Betreff nicht angezeigt: Ihre Rolle gibt keinen Zugriff auf Vorgänge',
    },
    letter: { reference: 'Ihr Aktenzeichen', date: 'Datum', page: 'Seite {{n}} von {{total}}' },
  },
  templates: {
    acknowledgement: {
      subject:
        '[{{reference}}] {{#step2}}Ihr Anliegen an unsere Geschäftsleitung ist eingegangen{{/step2}}{{^step2}}Ihre Beschwerde ist bei uns eingegangen{{/step2}}',
      body: `{{greeting}}

vielen Dank für Ihre Nachricht. {{#step2}}Ihre Bitte um Prüfung durch unsere Geschäftsleitung (Stufe 2) ist am {{receivedDate}} bei uns eingegangen{{#step1Reference}}; sie schließt an den Vorgang {{step1Reference}} an{{/step1Reference}}.{{/step2}}{{^step2}}Ihre Beschwerde ist am {{receivedDate}} bei uns eingegangen und wurde erfasst.{{/step2}}

Ihr Aktenzeichen: {{reference}}
Bitte geben Sie es bei jeder Nachricht zu diesem Anliegen an.

Unsere abschließende Antwort erhalten Sie spätestens am {{answerByDate}}. Sollte die Prüfung mehr Zeit brauchen, teilen wir Ihnen das vor diesem Datum mit, zusammen mit dem Grund und dem Zeitraum, in dem Sie mit unserer Antwort rechnen können.
{{#caseLink}}

Auf Ihrer persönlichen Seite können Sie den Stand Ihres Anliegens verfolgen, die zugesagten Termine einsehen und uns Unterlagen senden:
{{caseLink}}
Dieser Link ist nur für Sie bestimmt; bitte geben Sie ihn nicht weiter.
{{/caseLink}}
{{#missing}}

Damit wir Ihre Beschwerde vollständig prüfen können, benötigen wir noch:
{{missing}}

{{#byEmail}}Antworten Sie dazu einfach auf diese Nachricht; bitte lassen Sie das Aktenzeichen im Betreff stehen.{{/byEmail}}{{^byEmail}}Sie können uns die Angaben unter Nennung des Aktenzeichens per Post senden an:
{{complaintsAddress}}{{/byEmail}}{{#clockPaused}}

Die Arbeitstage, bis uns diese Angaben erreichen, werden der Frist für unsere Antwort hinzugerechnet; wir teilen Ihnen dann das neue Datum mit.{{/clockPaused}}
{{/missing}}

${signature}`,
    },
    information_request: {
      subject: '[{{reference}}] Einige Angaben fehlen uns noch',
      body: `{{greeting}}

nochmals vielen Dank für Ihre Nachricht zum Vorgang {{reference}}. Damit wir Ihnen vollständig antworten können, bitten wir Sie um folgende Angaben:
{{missing}}
{{#note}}

{{note}}
{{/note}}

{{#byEmail}}Am einfachsten antworten Sie auf diese Nachricht; bitte lassen Sie das Aktenzeichen im Betreff stehen.{{/byEmail}}{{^byEmail}}Bitte schreiben Sie uns unter Nennung des Aktenzeichens {{reference}} an:
{{complaintsAddress}}{{/byEmail}}

{{^clockPaused}}Unsere Antwort verzögert sich dadurch nicht: Wir möchten Ihnen weiterhin bis zum {{answerByDate}} antworten.{{/clockPaused}}{{#clockPaused}}Unsere Antwort ist bis zum {{answerByDate}} vorgesehen; die Arbeitstage, bis Ihre Antwort bei uns eingeht, werden dieser Frist hinzugerechnet, und wir teilen Ihnen dann das neue Datum mit.{{/clockPaused}}

${signature}`,
    },
    extension_notice: {
      subject: '[{{reference}}] Unsere Antwort braucht etwas mehr Zeit',
      body: `{{greeting}}

wir prüfen Ihre Beschwerde {{reference}} weiterhin und möchten Ihnen eine gut begründete Antwort geben. Dafür brauchen wir mehr Zeit als geplant, aus folgendem Grund:

{{reason}}

Unsere abschließende Antwort erhalten Sie zwischen dem {{windowStart}} und dem {{windowEnd}}. Wir bitten Sie, die Verzögerung zu entschuldigen, und danken Ihnen für Ihre Geduld.

${signature}`,
    },
    answer_date_moved: {
      subject: '[{{reference}}] Ihre Beschwerde: unser neues Antwortdatum',
      body: `{{greeting}}

vielen Dank, dass Sie uns die erbetenen Angaben zu Ihrer Beschwerde {{reference}} geschickt haben.

Während wir darauf gewartet haben, {{#oneDayWaited}}ist einer unserer Arbeitstage vergangen{{/oneDayWaited}}{{^oneDayWaited}}sind {{daysWaited}} unserer Arbeitstage vergangen{{/oneDayWaited}}. Wie in solchen Fällen üblich, haben wir diese Zeit der Frist für unsere Antwort hinzugerechnet: Unsere abschließende Antwort erhalten Sie nun spätestens am {{answerByDate}} (statt am {{previousAnswerByDate}}).

Wir prüfen Ihre Beschwerde weiter und melden uns so bald wie möglich bei Ihnen.

${signature}`,
    },
    answer: {
      subject: '[{{reference}}] Unsere Antwort auf Ihre Beschwerde',
      body: `{{greeting}}

wir haben die Prüfung Ihrer Beschwerde {{reference}} vom {{receivedDate}} abgeschlossen.

{{#upheld}}Unser Ergebnis: Ihre Beschwerde ist berechtigt.{{/upheld}}{{#partlyUpheld}}Unser Ergebnis: Ihre Beschwerde ist teilweise berechtigt.{{/partlyUpheld}}{{#notUpheld}}Unser Ergebnis: Nach sorgfältiger Prüfung können wir Ihrer Beschwerde leider nicht stattgeben.{{/notUpheld}}

{{text}}
{{#remedy}}

Was wir tun, um die Sache zu bereinigen:
{{remedy}}
{{/remedy}}

{{#afterStep1}}Wenn Sie mit dieser Antwort nicht zufrieden sind, können Sie unsere Geschäftsleitung um eine erneute Prüfung bitten (Stufe 2). Senden Sie dazu bitte einen Brief per Post an:
{{managementAddress}}
mit dem Titel „{{step2Marker}}“ und dem Aktenzeichen {{reference}}.{{#step2ByEmail}} Sie können auch an {{managementEmail}} schreiben, mit diesem Titel im Betreff.{{/step2ByEmail}}{{/afterStep1}}{{#afterStep2}}Mit dieser Antwort ist unser internes Beschwerdeverfahren abgeschlossen.
{{disputeResolution}}{{/afterStep2}}

${signature}`,
    },
    step2_by_post: {
      subject: '[{{reference}}] So bitten Sie unsere Geschäftsleitung um eine erneute Prüfung',
      body: `{{greeting}}

vielen Dank für Ihre Nachricht vom {{messageDate}}. {{^firstComplaint}}Wir verstehen, dass unsere Geschäftsleitung Ihre Beschwerde {{reference}} erneut prüfen soll (Stufe 2).

Eine Bitte um Prüfung in Stufe 2 nehmen wir per Post entgegen. Bitte senden Sie einen Brief an:
{{managementAddress}}
mit dem Titel „{{step2Marker}}“ und dem Aktenzeichen {{reference}}. Sobald der Brief eingeht, erfassen wir Ihr Anliegen und bestätigen Ihnen den Eingang.

Ihre Nachricht haben wir zu Ihrem Vorgang genommen; es geht also nichts verloren.{{/firstComplaint}}{{#firstComplaint}}Sie bitten um eine Prüfung durch unsere Geschäftsleitung (Stufe 2), wir haben jedoch keine frühere Beschwerde von Ihnen gefunden. Damit nichts verloren geht, haben wir Ihre Nachricht als Beschwerde unter dem Aktenzeichen {{reference}} erfasst: Zunächst prüft sie unser Beschwerdeteam (Stufe 1), und eine gesonderte Eingangsbestätigung nennt Ihnen den Tag, bis zu dem Sie unsere Antwort erhalten.

Sind Sie mit dieser Antwort nicht zufrieden, können Sie anschließend unsere Geschäftsleitung um eine Prüfung bitten. Diese Bitte nehmen wir per Post entgegen; bitte schreiben Sie an:
{{managementAddress}}
mit dem Titel „{{step2Marker}}“ und dem Aktenzeichen {{reference}}.

Haben Sie uns schon einmal von einer anderen Adresse oder unter einem anderen Aktenzeichen geschrieben, antworten Sie einfach auf diese Nachricht und nennen Sie es uns: Wir führen beides zusammen.{{/firstComplaint}}

${signature}`,
    },
    suggestion_thanks: {
      subject: '[{{reference}}] Vielen Dank für Ihre Anregung',
      body: `{{greeting}}

vielen Dank, dass Sie sich die Zeit genommen haben, uns Ihre Ideen mitzuteilen. Wir haben Ihre Nachricht unter dem Aktenzeichen {{reference}} erfasst und an das zuständige Team weitergegeben, das sie sorgfältig ansehen wird.

Rückmeldungen wie Ihre helfen uns, besser zu werden.

${signature}`,
    },
    restriction_notice: {
      subject: '[{{reference}}] Wie wir künftig mit Ihnen in Kontakt bleiben',
      body: `{{greeting}}

wir möchten Ihnen mitteilen, wie wir künftig mit Ihnen kommunizieren.
{{#writtenOnly}}
Wir korrespondieren mit Ihnen nur noch schriftlich, per E-Mail oder per Brief; telefonisch melden wir uns nicht.
{{/writtenOnly}}
{{#designatedContact}}
Alle Ihre Vorgänge betreut {{contactName}}; die gesamte Korrespondenz läuft über diese Person.
{{/designatedContact}}
{{#serviceRefused}}
Unsere übrigen Leistungen können wir Ihnen nicht mehr anbieten.
{{/serviceRefused}}

Ihre Beschwerden werden weiterhin entgegengenommen, bestätigt und innerhalb der Fristen unseres Beschwerdeverfahrens beantwortet. Wir überprüfen diese Regelung bis zum {{reviewDate}}.

${signature}`,
    },
    department_forward: {
      subject: '[{{reference}}] Anregung für: {{department}}',
      body: `Hallo,

eine am {{receivedDate}} eingegangene Anregung wurde weitergeleitet an: {{department}}.
{{#note}}
Hinweis des Beschwerdeteams: {{note}}
{{/note}}

----
{{text}}
----

Bitte bestätigen Sie die Übernahme und markieren Sie die Anregung als erledigt, sobald sie bearbeitet ist: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_digest: {
      subject: 'Redress: {{count}} Vorgang/Vorgänge heute im Blick behalten, {{date}}',
      body: `Guten Morgen,

diese Vorgänge brauchen Aufmerksamkeit ({{date}}):

{{items}}

Redress, {{organisation}}`,
    },
    staff_breach: {
      subject:
        '[{{reference}}] Frist überschritten: {{#acknowledgementLate}}Eingangsbestätigung{{/acknowledgementLate}}{{#answerLate}}abschließende Antwort{{/answerLate}}',
      body: `Hallo,

{{#acknowledgementLate}}Die Eingangsbestätigung{{/acknowledgementLate}}{{#answerLate}}Die abschließende Antwort{{/answerLate}} zum Vorgang {{reference}} („{{caseSubject}}“) war bis {{due}} fällig und ist noch nicht versandt.

Vorgang öffnen: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_at_risk: {
      subject: '[{{reference}}] Eingangsbestätigung noch nicht erteilt, fällig bis {{due}}',
      body: `Hallo,

die Eingangsbestätigung zum Vorgang {{reference}} („{{caseSubject}}“) hat die Beschwerdeführerin oder den Beschwerdeführer noch nicht erreicht. Sie ist bis {{due}} fällig.

{{#notSent}}Sie wurde geschrieben, doch der Mailserver hat sie nicht angenommen: Er ist nicht erreichbar oder lehnt sie ab, oder die Adresse wurde zurückgewiesen. Bitte sehen Sie sich den Schriftverkehr des Vorgangs an und bestätigen Sie den Eingang nötigenfalls auf anderem Weg (per Brief oder an eine andere Adresse).{{/notSent}}{{#waitsForPerson}}Für diesen Vorgang wird sie nicht automatisch versandt: Sie wartet darauf, dass jemand sie sendet oder den Brief aufgibt (etwa die benannte Ansprechperson).{{/waitsForPerson}}

Vorgang öffnen: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_new_reply: {
      subject: '[{{reference}}] Neue Nachricht zu Ihrem Vorgang',
      body: `Hallo,

eine neue Nachricht von {{from}} wurde zum Vorgang {{reference}} („{{caseSubject}}“) abgelegt.

Vorgang öffnen: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_assigned: {
      subject: '[{{reference}}] Vorgang Ihnen zugewiesen',
      body: `Hallo,

der Vorgang {{reference}} („{{caseSubject}}“) wurde Ihnen zugewiesen.{{#answerByDate}} Die abschließende Antwort ist bis zum {{answerByDate}} fällig.{{/answerByDate}}

Vorgang öffnen: {{caseUrl}}

Redress, {{organisation}}`,
    },
  },
};
