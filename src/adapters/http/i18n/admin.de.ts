// Deutsche Texte der Verwaltungsseiten (dieselben Schlüssel wie admin.en.ts).
import type { AdminMessages } from './admin.en.ts';

export const adminDe: AdminMessages = {
  nav: { admin: 'Verwaltung' },
  flash: {
    settingsSaved: 'Die Änderungen sind gespeichert und auf allen Instanzen in Kraft.',
    settingsUnchanged: 'Nichts geändert: Diese Werte waren bereits in Kraft.',
    deadlinesMoved_one:
      'Die Frist von {{count}} Vorgang wurde verschoben; die Änderung ist im Vorgang vermerkt.',
    deadlinesMoved_other:
      'Die Fristen von {{count}} Vorgängen wurden verschoben; jede Änderung ist in ihrem Vorgang vermerkt.',
  },
  admin: {
    title: 'Verwaltung',
    intro:
      'Wie Redress für Ihre Organisation arbeitet: wer Sie sind, wo Beschwerden eingehen, welche Tage zählen, wie Beschwerden eingeordnet werden und wohin Anregungen gehen.',
    lastChange: 'Letzte Änderung:',
    outboxLate_one:
      'E-Mails gehen nicht hinaus: {{count}} Nachricht wartet seit {{minutes}} Minuten im Postausgang (gemeldet wird nach {{alertAfter}} Minuten). Der Server für ausgehende Mail ist nicht erreichbar oder weist sie ab. Redress versucht es weiter, es geht nichts verloren; bitte verständigen Sie, wer den Mailserver betreut.',
    outboxLate_other:
      'E-Mails gehen nicht hinaus: {{count}} Nachrichten warten im Postausgang, die älteste seit {{minutes}} Minuten (gemeldet wird nach {{alertAfter}} Minuten). Der Server für ausgehende Mail ist nicht erreichbar oder weist sie ab. Redress versucht es weiter, es geht nichts verloren; bitte verständigen Sie, wer den Mailserver betreut.',
    outboxHeld_one:
      'E-Mails werden zurückgehalten: Der ausgehende Mailserver lehnt den Versand von Redress selbst ab (Benutzername oder Passwort, Absenderadresse oder Weiterleitung in den Versandeinstellungen), nicht den Empfänger. {{count}} Nachricht wartet und wird versandt, sobald der Server sie wieder annimmt; nichts geht verloren. Bitten Sie die für den Mailserver zuständige Person, die Versandeinstellungen zu prüfen.',
    outboxHeld_other:
      'E-Mails werden zurückgehalten: Der ausgehende Mailserver lehnt den Versand von Redress selbst ab (Benutzername oder Passwort, Absenderadresse oder Weiterleitung in den Versandeinstellungen), nicht die Empfänger. {{count}} Nachrichten warten und werden, die ältesten zuerst, versandt, sobald der Server sie wieder annimmt; nichts geht verloren. Bitten Sie die für den Mailserver zuständige Person, die Versandeinstellungen zu prüfen.',
    outboxLastFailure: 'Letzte Antwort des Mailservers:',
    backToOverview: 'Zurück zur Verwaltung',
    readOnly:
      'Sie können diese Einstellungen lesen; ändern kann sie nur eine Administratorin oder ein Administrator.',
    formLegend: 'Einstellungen',
    notSaved: 'Es wurde nichts gespeichert. Bitte korrigieren Sie die markierten Angaben.',
    row: 'Zeile {{n}}',
    countCategories_one: '{{count}} Kategorie',
    countCategories_other: '{{count}} Kategorien',
    countDepartments_one: '{{count}} Abteilung',
    countDepartments_other: '{{count}} Abteilungen',
    sections: {
      organisation: 'Organisation',
      mailboxes: 'Postfächer',
      calendar: 'Geschäftskalender',
      categories: 'Kategorien',
      departments: 'Abteilungen und Zuordnung',
      templates: 'Versandte Texte',
      users: 'Benutzer',
      tokens: 'API-Tokens',
      audit: 'Prüfprotokoll',
    },
    sectionHints: {
      organisation: 'Name, Postanschriften der Beschwerdestelle und der Geschäftsleitung, Standardsprache.',
      mailboxes: 'Die Adressen, an die Beschwerden, Anregungen und Post der Stufe 2 gehen.',
      calendar: 'Arbeitswoche, gesetzliche Feiertage Ihrer Region, Schließtage, Zeitzone.',
      categories: 'Die Arten von Beschwerden, zum Einordnen und für die Auswertung (P7.1).',
      departments: 'Wohin Anregungen weitergeleitet werden und welche Stichwörter sie zuordnen (P9).',
      templates: 'Die versandten Eingangsbestätigungen, Antworten und Mitteilungen in drei Sprachen.',
      users: 'Die Konten der Mitarbeitenden und ihre Rollen.',
      tokens: 'Tokens für andere Systeme, die die API nutzen.',
      audit: 'Wer wann was geändert hat.',
    },
    errors: {
      duplicate: 'Dieser Wert kommt doppelt vor; jeder muss verschieden sein.',
      mailboxName: 'Verwenden Sie Kleinbuchstaben, Ziffern, „-“ und „_“ (höchstens 40), z. B. complaints.',
      needComplaintsMailbox: 'Behalten Sie mindestens ein Postfach mit der Rolle „Beschwerden“.',
      timezone: 'Wählen Sie eine Zeitzone aus der Liste.',
      workingWeek: 'Kreuzen Sie mindestens einen Arbeitstag an.',
      closureDays:
        'Schreiben Sie jeden Schließtag als JJJJ-MM-TT in eine eigene Zeile; nicht verstanden: {{days}}.',
      category:
        'Verwenden Sie nur Kleinbuchstaben, Ziffern, „-“ und „_“, eine Kategorie pro Zeile; nicht angenommen: {{values}}.',
      departmentInUse_one:
        '{{department}} hat noch ein Mitglied ({{members}}): Weisen Sie diesem Konto zuerst eine andere Abteilung zu und entfernen Sie diese dann. Es wurde nichts gespeichert.',
      departmentInUse_other:
        '{{department}} hat noch Mitglieder ({{members}}): Weisen Sie diesen Konten zuerst eine andere Abteilung zu und entfernen Sie diese dann. Es wurde nichts gespeichert.',
      departmentHasSuggestions_one:
        '{{department}} hat noch einen offenen Vorschlag: Leiten Sie ihn auf seiner Fallseite an eine andere Abteilung weiter (die Warteschlange „Vorschläge“, gefiltert nach {{department}}, zeigt ihn) und entfernen Sie die Abteilung danach. Es wurde nichts gespeichert.',
      departmentHasSuggestions_other:
        '{{department}} hat noch {{count}} offene Vorschläge: Leiten Sie sie auf ihren Fallseiten an eine andere Abteilung weiter (die Warteschlange „Vorschläge“, gefiltert nach {{department}}, zeigt sie) und entfernen Sie die Abteilung danach. Es wurde nichts gespeichert.',
      keyword: 'Jedes Stichwort braucht mindestens 2 Zeichen.',
    },
    organisation: {
      intro:
        'Diese Angaben erscheinen in den Texten an Beschwerdeführende: Eingangsbestätigung, Antwort, Hinweise zur Stufe 2.',
      name: 'Name der Organisation',
      complaintsPostalAddress: 'Postanschrift der Beschwerdestelle',
      managementPostalAddress: 'Postanschrift der Geschäftsleitung (Stufe 2)',
      addressHint: 'Eine Zeile je Anschriftzeile, so wie sie auf einem Umschlag stehen soll.',
      managementHint:
        'Beschwerden der Stufe 2 werden per Post hierher geschickt (P1.2); die Antwort der Stufe 1 nennt diese Anschrift.',
      defaultLanguage: 'Standardsprache',
      defaultLanguageHint: 'Gilt, wenn sich die Sprache von Beschwerdeführenden nicht erkennen lässt.',
      disputeTitle: 'Streitbeilegung nach Stufe 2',
      disputeHint:
        'Der Hinweis zur außergerichtlichen Streitbeilegung in der Antwort der Stufe 2 (in Deutschland §§ 36–37 VSBG). Passen Sie ihn an Ihre Organisation an.',
      dispute: 'Hinweis auf {{language}}',
    },
    mailboxes: {
      title: 'Postfächer',
      intro:
        'Jede Adresse empfängt eine Art von Post: Beschwerden (Stufe 1), Anregungen (P9) oder Geschäftsleitung (Stufe 2). Ihre Sprache gilt für Absender, deren Sprache sich nicht erkennen lässt.',
      liveNote:
        'Der eingebaute SMTP-Empfang nimmt eine neue oder geänderte Adresse sofort an. IMAP-Postfächer werden in der Konfigurationsdatei festgelegt und behalten Rolle und Sprache vom Start bis zum Neustart von Redress; ebenso die Empfangsadresse des SMTP-Empfangs. Der Name eines Postfachs wird auch von „redress ingest --mailbox“ verwendet: Umbenennen mit Bedacht.',
      name: 'Name',
      address: 'E-Mail-Adresse',
      role: 'Rolle',
      language: 'Sprache',
      rowsHint:
        'Für ein neues Postfach füllen Sie eine leere Zeile aus. Zum Entfernen leeren Sie Name und Adresse.',
      roles: {
        complaints: 'Beschwerden (Stufe 1)',
        suggestions: 'Anregungen',
        management: 'Geschäftsleitung (Stufe 2)',
      },
    },
    calendar: {
      intro:
        'Fristen zählen Arbeitstage (P4.2): die Arbeitswoche ohne die gesetzlichen Feiertage Ihrer Region und Ihre Schließtage, in Ihrer Zeitzone.',
      inForce: 'In Kraft: {{calendar}}.',
      summary: '{{region}}; {{days}}; {{timezone}}; {{closures}} Schließtage',
      country: 'Land',
      state: 'Bundesland oder Region',
      stateHint:
        'Die Feiertage unterscheiden sich je nach Region, z. B. zwischen Baden-Württemberg und Berlin.',
      wholeCountry: 'Das ganze Land (nur landesweite Feiertage)',
      region: 'Örtlicher Bereich',
      regionHint: 'Nur wo das Land örtliche Feiertage hat, z. B. die Stadt Augsburg in Bayern.',
      wholeState: 'Das ganze Bundesland',
      timezone: 'Zeitzone',
      timezoneHint: 'Tage werden in dieser Zeitzone gezählt, einschließlich Sommerzeit.',
      workingWeek: 'Arbeitstage',
      days: {
        mon: 'Montag',
        tue: 'Dienstag',
        wed: 'Mittwoch',
        thu: 'Donnerstag',
        fri: 'Freitag',
        sat: 'Samstag',
        sun: 'Sonntag',
      },
      daysShort: { mon: 'Mo', tue: 'Di', wed: 'Mi', thu: 'Do', fri: 'Fr', sat: 'Sa', sun: 'So' },
      closureDays: 'Schließtage',
      closureHint:
        'Tage, an denen die Organisation außer an Feiertagen geschlossen ist, einer pro Zeile als JJJJ-MM-TT.',
      previewButton: 'Fristen anzeigen',
      save: 'Kalender speichern',
      changedMeanwhile:
        'Es wurde nichts gespeichert: {{by}} hat den Geschäftskalender inzwischen geändert ({{at}}, Version {{version}}). Unten steht der jetzt geltende Kalender: Nehmen Sie Ihre Änderung daran erneut vor und speichern Sie dann.',
      saveHint:
        'Das Speichern ändert die Fristen der ab jetzt eingehenden Beschwerden. Offene Vorgänge behalten ihre, bis Sie sie auf der nächsten Seite verschieben; jede Verschiebung wird vermerkt.',
      previewTitle: 'Fristen mit dem vorgeschlagenen Kalender: {{region}}',
      previewIntro:
        'Für Beschwerden, die zu diesen Zeitpunkten eingehen: die Frist der Eingangsbestätigung und die der Antwort ({{days}} Arbeitstage nach dem Eingangstag). Unter einem geänderten Datum steht das geltende.',
      received: 'Eingang',
      receivedNow: 'Jetzt',
      receivedTomorrow: 'Morgen um 10:00',
      receivedFriday: 'Nächsten Freitag um 10:00',
      acknowledgeBy: 'Bestätigen bis',
      answerBy: 'Antworten bis',
      changed: 'geändert',
      now: 'geltend',
      closedTitle: 'Freie Tage vom {{from}} bis {{to}} (ohne Wochenenden)',
      noClosedDays: 'Kein Feiertag und kein Schließtag in diesem Zeitraum.',
      holiday: 'Feiertag',
      closureDay: 'Schließtag',
      added: 'neu',
      removed: 'kein freier Tag mehr',
      historyTitle: 'Verlauf des Kalenders',
      historyIntro:
        'Jede Änderung des Kalenders bleibt erhalten. Der Bericht misst jede Beschwerde nach dem Kalender, der bei ihrem Eingang galt.',
      historyVersion: 'Version',
      historyFrom: 'Gültig ab',
      historyCalendar: 'Kalender',
      historyBy: 'Geändert von',
      historySinceStart: 'Beginn',
      historyByConfiguration: 'die Konfiguration (Datei oder Umgebung)',
      credit: 'Feiertage: date-holidays (Daten unter der Lizenz CC BY-SA 3.0).',
    },
    recompute: {
      title: 'Fristen offener Vorgänge',
      backToCalendar: 'Zurück zum Kalender',
      intro:
        'Offene Beschwerden behalten die beim Eingang gesetzten Fristen, bis sie hier verschoben werden (P4.2). Mit dem geltenden Kalender ({{calendar}}) würden sich diese ändern. Eine Beschwerde, deren Antwortdatum der Person schon genannt wurde (Eingangsbestätigung, Antwort oder Verlängerung), behält es: Ein späteres Datum braucht eine Verlängerung, die ihr mitgeteilt wird.',
      none: 'Kein offener Vorgang hat eine Frist, die der geltende Kalender ändern würde.',
      count_one: '{{count}} offener Vorgang bekäme eine neue Frist.',
      count_other: '{{count}} offene Vorgänge bekämen neue Fristen.',
      reference: 'Vorgang',
      answerByNow: 'Antworten bis (bisher)',
      answerByNew: 'Antworten bis (neu)',
      acknowledgeByNew: 'Bestätigen bis (neu)',
      unchanged: 'unverändert',
      more: 'Die ersten {{shown}} von {{total}} werden gezeigt; alle werden verschoben.',
      reason: 'Grund',
      reasonHint: 'Wird in jedem Vorgang mit der alten und der neuen Frist vermerkt.',
      defaultReason: 'Geschäftskalender geändert: {{calendar}}',
      apply_one: 'Die Frist von {{count}} Vorgang verschieben',
      apply_other: 'Die Fristen von {{count}} Vorgängen verschieben',
    },
    categories: {
      intro:
        'Kategorien ordnen Beschwerden nach Art, für die Listen und die Auswertung (P7.1). Das Entfernen einer Kategorie ändert keine Vorgänge, die sie tragen.',
      label: 'Kategorien',
      hint: 'Eine pro Zeile: Kleinbuchstaben, Ziffern, „-“ und „_“, z. B. billing oder data_protection.',
    },
    departments: {
      title: 'Abteilungen',
      intro:
        'Anregungen und Hinweise (P9) werden an die betroffene Abteilung weitergeleitet. Eine Anregung, deren Betreff oder Text Stichwörter einer Abteilung enthält, geht automatisch an sie (an die Abteilung mit den meisten Treffern); Mitarbeitende können jede Anregung auch von Hand weiterleiten.',
      name: 'Name',
      email: 'E-Mail-Adresse',
      keywords: 'Stichwörter',
      rowsHint:
        'Stichwörter werden durch Kommas getrennt; Groß- und Kleinschreibung und Akzente spielen keine Rolle. Für eine neue Abteilung füllen Sie eine leere Zeile aus; zum Entfernen leeren Sie die Zeile. Mitglieder einer Abteilung sind über den Namen zugeordnet: Umbenennen mit Bedacht.',
      trialTitle: 'Zuordnung ausprobieren',
      trialLabel: 'Text einer Anregung',
      trialHint: 'Mit den geltenden Abteilungen (speichern Sie zuerst, um Änderungen auszuprobieren).',
      trialButton: 'Abteilung anzeigen',
      trialRoutes: 'Diese Anregung ginge an: {{department}}.',
      trialNone: 'Kein Stichwort passt: Diese Anregung würde warten, bis jemand sie weiterleitet.',
    },
  },
};
