// Freie Antworten und Zwischenstände, die Textbausteine dafür und der Aufbau der Fallseite (Filter des Verlaufs,
// die Worte des Beschwerdeführers, die Aktionsleiste), auf Deutsch.
export const repliesDe = {
  flash: {
    staffReplied: 'Ihre Antwort geht per E-Mail hinaus. Die Frist bleibt unverändert.',
    staffRepliedLetter:
      'Ihre Antwort liegt als Brief bereit: drucken Sie ihn und vermerken Sie den Versand. Die Frist bleibt unverändert.',
    staffRepliedUpdate: 'Ihr Zwischenstand geht per E-Mail hinaus. Die Frist bleibt unverändert.',
    staffRepliedUpdateLetter:
      'Ihr Zwischenstand liegt als Brief bereit: drucken Sie ihn und vermerken Sie den Versand. Die Frist bleibt unverändert.',
    snippetSaved: 'Der Textbaustein „{{title}}“ ist gespeichert.',
    snippetRetired: 'Der Textbaustein „{{title}}“ ist zurückgezogen: er wird nicht mehr angeboten.',
  },
  staff: {
    actions: {
      reply: 'Antworten oder Zwischenstand geben',
      replySubmit: 'Senden',
    },
    events: { replied: 'Antwort gesendet' },
  },
  templates: { kinds: { reply: 'Antwort', update: 'Zwischenstand' } },
  auditActions: {
    snippet_saved: 'Textbaustein für Antworten gespeichert',
    snippet_retired: 'Textbaustein für Antworten zurückgezogen',
  },
  admin: {
    sections: { snippets: 'Textbausteine für Antworten' },
    sectionHints: {
      snippets: 'Kurze Texte je Sprache, die das Team in eine freie Antwort einfügt.',
    },
  },
  replies: {
    form: {
      hint: 'Auf {{language}}, der Sprache des Falls, zwischen unserer Anrede und Unterschrift, im Verlauf der letzten Nachricht des Beschwerdeführers. Es ist nicht die abschließende Antwort: die Frist ändert sich nicht.',
      kindLegend: 'Was Sie schreiben',
      kinds: {
        reply: 'Eine Antwort auf die Frage des Beschwerdeführers',
        update: 'Ein Zwischenstand zum Fall (das zugesagte Datum wird wiederholt)',
      },
      text: 'Ihr Text',
      textHint: 'Nur Ihre eigenen Worte: Anrede, Unterschrift und Aktenzeichen werden ergänzt.',
      snippet: 'Textbaustein',
      snippetHint:
        'Wird an der Cursorposition in Ihren Text eingefügt (ohne Skripte am Ende); danach können Sie ihn anpassen.',
      snippetNone: 'Textbaustein wählen…',
      insert: 'Textbaustein einfügen',
      noSnippets: 'Noch kein Textbaustein auf {{language}}: Administratoren legen sie unter Verwaltung an.',
      noSuchSnippet: 'Wählen Sie einen der angebotenen Textbausteine.',
      attachments: 'Dateien zu Ihrer Antwort',
      attachmentsHint:
        'PDF-, PNG- oder JPEG-Dateien, bis zu {{count}} Dateien mit je höchstens {{size}} und zusammen höchstens {{total}} (sie gehen dem Beschwerdeführer in einer einzigen E-Mail zu; nicht bei einem Brief).',
      preview: 'Vorschau',
      previewTitle: 'So liest es der Beschwerdeführer ({{language}})',
      previewEmpty: 'Schreiben Sie Ihren Text und wählen Sie dann Vorschau.',
      designatedOnly:
        'Eine benannte Ansprechperson, {{name}}, führt die gesamte Korrespondenz mit diesem Beschwerdeführer: nur sie kann ihm schreiben.',
    },
    snippets: {
      title: 'Textbausteine für Antworten',
      intro:
        'Textbausteine sind kurze Texte, die das Team in eine freie Antwort einfügt und anpasst. Jeder ist in einer Sprache verfasst und wird bei Fällen in dieser Sprache angeboten.',
      add: 'Textbaustein hinzufügen',
      addTitle: 'Neuer Textbaustein',
      editTitle: 'Textbaustein',
      empty: 'Noch kein Textbaustein.',
      titleField: 'Titel',
      titleHint: 'Woran man ihn auswählt, z. B. „Erstattung unterwegs“.',
      body: 'Text',
      bodyHint: 'Höfliche, vollständige Sätze; ohne Anrede und Unterschrift (sie stehen in jeder Antwort).',
      language: 'Sprache',
      updated: 'Zuletzt geändert',
      lastChanged: 'Zuletzt geändert',
      state: 'Stand',
      inUse: 'In Gebrauch',
      retired: 'Zurückgezogen',
      retire: 'Zurückziehen',
      save: 'Textbaustein speichern',
      back: 'Zurück zu den Textbausteinen',
    },
    page: {
      complaint: 'Die Beschwerde',
      suggestion: 'Der Vorschlag',
      description: 'Was geschehen ist, in den Worten des Beschwerdeführers',
      expectations: 'Was der Beschwerdeführer erwartet',
      noDescription: 'Aus der Nachricht ließ sich keine Beschreibung lesen: siehe die Korrespondenz unten.',
      noExpectations: 'Noch nicht angegeben.',
      facts: 'Auf einen Blick',
      toolbar: 'Jetzt mögliche Aktionen',
      view: 'Anzeigen',
    },
    history: {
      label: 'Im Verlauf zeigen',
      all: 'Alles',
      correspondence: 'Korrespondenz',
      events: 'Ereignisse',
      notes: 'Notizen',
      empty: 'Mit diesem Filter gibt es nichts zu zeigen.',
      newestFirst: 'Neueste zuerst.',
    },
  },
};
