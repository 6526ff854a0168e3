// Die persönliche Seite des Beschwerdeführers (über den privaten Link der Eingangsbestätigung), auf Deutsch.
export const complainantLinkDe = {
  complainantLink: {
    title: 'Ihre Beschwerde {{reference}}',
    titleStep2: 'Ihr Anliegen an unsere Geschäftsleitung {{reference}}',
    intro:
      'Auf dieser Seite sehen Sie, wie weit Ihre Beschwerde bearbeitet ist und welche Termine wir Ihnen zugesagt haben. Nur Sie haben diesen Link.',
    statusLabel: 'Stand',
    status: {
      received: 'Eingegangen: unser Team hat sie erfasst.',
      acknowledged: 'Unser Team prüft Ihr Anliegen.',
      waiting_on_you: 'Wir warten auf Angaben von Ihnen (siehe unten).',
      extended:
        'In Prüfung; wir brauchen etwas mehr Zeit und haben Ihnen mitgeteilt, wann Sie mit unserer Antwort rechnen können.',
      answered: 'Beantwortet: unsere abschließende Antwort wurde Ihnen gesandt.',
      closed: 'Abgeschlossen.',
    },
    datesHeading: 'Termine',
    received: 'Eingegangen am',
    acknowledged: 'Eingang bestätigt am',
    notYetAcknowledged: 'Eingangsbestätigung noch nicht versandt',
    answerBy: 'Unsere abschließende Antwort spätestens am',
    firstAnswerBy: 'Ursprünglich zugesagt für',
    extension: 'Verlängert am {{date}}: Antwort zwischen dem {{start}} und dem {{end}}',
    answered: 'Beantwortet am',
    closed: 'Abgeschlossen am',
    missingHeading: 'Was uns noch fehlt',
    missingIntro: 'Damit wir Ihre Beschwerde vollständig prüfen können, benötigen wir noch:',
    missingAnswered:
      'Danke: Ihre Ergänzung vom {{date}} ist bei uns eingegangen. Sollte uns danach noch etwas fehlen, schreiben wir Ihnen.',
    nothingMissing: 'Es fehlt nichts: wir haben alles, was wir für die Prüfung Ihrer Beschwerde brauchen.',
    additionsHeading: 'Was Sie uns hier gesendet haben',
    addedOn: 'Gesendet am {{date}}',
    addHeading: 'Angaben oder Unterlagen senden',
    addIntro:
      'Schreiben Sie, was Sie ergänzen möchten, und fügen Sie bei Bedarf Unterlagen bei (PDF, PNG oder JPEG, je höchstens {{size}}, höchstens {{count}} Dateien). Unser Team sieht es in Ihrem Vorgang.',
    text: 'Ihre Nachricht',
    files: 'Unterlagen',
    send: 'Senden',
    sent: 'Vielen Dank: wir haben Ihre Sendung erhalten und Ihrem Vorgang hinzugefügt.',
    closedNoAdd:
      'Zu diesem Vorgang können hier keine Ergänzungen mehr gesendet werden. Wenn Sie uns dazu schreiben möchten, antworten Sie bitte auf unsere letzte Nachricht und nennen Sie das Aktenzeichen {{reference}}.',
    notAdded:
      'Was Sie gerade gesendet haben, wurde Ihrem Vorgang nicht hinzugefügt. Ihre Nachricht steht unten: Bitte kopieren Sie sie in Ihre Antwort, damit nichts verloren geht, und fügen Sie Ihre Dokumente dort erneut bei.',
    textNotSent: 'Ihre Nachricht (nicht gesendet)',
    expires: 'Diese Seite bleibt bis zum {{date}} erreichbar.',
    subject: '[{{reference}}] Ergänzung durch den Beschwerdeführer',
    errors: {
      empty: 'Schreiben Sie eine Nachricht oder fügen Sie eine Unterlage bei und senden Sie erneut.',
      tooLarge:
        'Eine Unterlage ist größer als {{size}}: bitte senden Sie eine kleinere Datei (zum Beispiel einen Scan mit geringerer Auflösung).',
      tooMany:
        'Es können höchstens {{count}} Unterlagen auf einmal gesendet werden: senden Sie die übrigen in einer zweiten Nachricht.',
      tooMuch:
        'Ihre Unterlagen sind zusammen größer als {{size}}: senden Sie einen Teil davon in einer zweiten Nachricht, oder kleinere Dateien.',
      overBudget:
        'Ihre Sendung war zu groß, um empfangen zu werden: Ihre Unterlagen wurden daher nicht übernommen, Ihre Nachricht ist aber erhalten. Bitte wählen Sie sie erneut aus, höchstens {{count}} Unterlagen von je höchstens {{size}} und zusammen höchstens {{total}}, und senden Sie erneut.',
      chooseAgain:
        'Ihre Unterlagen ({{names}}) konnten mit Ihrer Nachricht nicht aufbewahrt werden: Bitte wählen Sie sie vor dem Senden erneut aus.',
      emptyFile:
        'Die Unterlage „{{name}}“ ist leer angekommen (0 Byte): Bitte wählen Sie sie erneut oder eine andere Kopie davon aus und senden Sie noch einmal.',
      fileType:
        'Die Unterlage „{{name}}“ ist keine PDF-, PNG- oder JPEG-Datei: bitte senden Sie sie in einem dieser Formate.',
      tooLong:
        'Ihre Nachricht ist länger als {{max}} Zeichen: bitte kürzen Sie sie oder fügen Sie sie als PDF bei.',
      expired: 'Dieses Formular war zu lange geöffnet. Bitte senden Sie es erneut.',
      notShown:
        'Dieses Formular konnte nicht zugeordnet werden (zum Beispiel aus einem anderen Browser oder ohne Cookies gesendet). Bitte senden Sie es von dieser Seite erneut.',
      busy: 'Gerade treffen sehr viele Unterlagen bei uns ein, daher konnten wir Ihre nicht annehmen. Ihre Nachricht ist noch da: Bitte wählen Sie Ihre Unterlagen erneut aus und senden Sie sie in einer Minute noch einmal.',
      tooFast:
        'Bitte nehmen Sie sich einen Moment, um Ihre Nachricht zu prüfen, und senden Sie sie dann erneut.',
      rateLimited:
        'Von hier wurden zu viele Nachrichten gesendet. Bitte versuchen Sie es in {{minutes}} Minuten erneut.',
    },
    staff: {
      title: 'Links zur Seite des Beschwerdeführers – {{reference}}',
      caseLink: 'Link zur Seite des Beschwerdeführers',
      intro:
        'Die Eingangsbestätigung gibt dem Beschwerdeführer einen privaten Link zu einer Seite mit Aktenzeichen, zugesagten Terminen, fehlenden Angaben und Stand, auf der er Angaben und Unterlagen senden kann. Ein Link gilt bis zu seinem Widerruf, höchstens bis {{days}} Tage nach Abschluss des Vorgangs.',
      issued: 'Ausgestellt am',
      by: 'Ausgestellt von',
      state: 'Zustand',
      active: 'Gültig',
      revokedOn: 'Widerrufen am {{date}}',
      expired: 'Abgelaufen',
      none: 'Für diesen Vorgang wurde kein Link ausgestellt (er wird mit der Eingangsbestätigung gesandt).',
      revoke: 'Links widerrufen',
      revokeHelp:
        'Der Beschwerdeführer sieht dann „Dieser Link ist nicht gültig“. Eine neue Eingangsbestätigung würde einen neuen Link ausstellen.',
      revoked: '{{count}} Link(s) widerrufen.',
      nothingToRevoke: 'Kein gültiger Link zum Widerrufen.',
      back: 'Zurück zum Vorgang',
    },
    invalidTitle: 'Dieser Link ist nicht gültig',
    invalidText:
      'Dieser Link öffnet keinen Vorgang, oder nicht mehr. Wenn Sie eine Frage zu Ihrer Beschwerde haben, antworten Sie bitte auf die E-Mail, die wir Ihnen gesandt haben, und nennen Sie Ihr Aktenzeichen.',
  },
  flash: {
    complainantLinksRevoked: '{{count}} Link(s) zur Seite des Beschwerdeführers widerrufen.',
    complainantLinksNone: 'Kein gültiger Link zum Widerrufen.',
  },
};
