// Deutsche Texte der Kategorien (Verwaltung), der beim Eingang vorgeschlagenen Kategorie und der mit der
// abschließenden Antwort erfassten Ursache und Abhilfe. Dieselben Schlüssel wie categories.en.ts.
import type { CategoriesMessages } from './categories.en.ts';

export const categoriesDe: CategoriesMessages = {
  categoryAdmin: {
    intro:
      'Kategorien ordnen Beschwerden nach ihrem Gegenstand, für die Warteschlangen und die Kennzahlen (P7.1). Jede hat eine Bezeichnung in jeder Sprache und Stichwörter, die sie beim Eingang einer Beschwerde vorschlagen. Eine Kategorie wird nie gelöscht: Stillgelegt wird sie nicht mehr angeboten, bleibt aber an ihren Vorgängen und in den Kennzahlen erhalten.',
    key: 'Schlüssel',
    keyHint:
      'Kleinbuchstaben, Ziffern, „-“ und „_“. Er steht in den Exporten und lässt sich nach dem Speichern nicht mehr ändern.',
    label: 'Bezeichnung auf {{lang}}',
    keywords: 'Stichwörter auf {{lang}}',
    keywordsHint:
      'Durch Kommas getrennt. Ein Stichwort erkennt jedes Wort, das mit ihm beginnt, unabhängig von Groß- und Kleinschreibung und Akzenten.',
    state: 'Status',
    offered: 'Angeboten',
    retired: 'Stillgelegt (bleibt an ihren Vorgängen, wird nicht mehr angeboten)',
    newTitle: 'Neue Kategorie',
    newHint: 'Ausfüllen, um eine Kategorie hinzuzufügen; sonst leer lassen.',
    languages: { fr: 'Französisch', en: 'Englisch', de: 'Deutsch' },
    errors: {
      badKey:
        'Verwenden Sie Kleinbuchstaben, Ziffern, „-“ und „_“ (höchstens 60), beginnend mit einem Buchstaben oder einer Ziffer.',
      duplicateKey: 'Eine andere Kategorie hat bereits diesen Schlüssel.',
      keyRemoved:
        'Die Kategorie {{key}} fehlt: Eine Kategorie wird nie entfernt; legen Sie sie stattdessen still.',
      labelMissing: 'Geben Sie in jeder Sprache eine Bezeichnung an.',
      labelTooLong: 'Schreiben Sie höchstens {{max}} Zeichen.',
      tooManyKeywords: 'Geben Sie höchstens {{max}} Stichwörter je Sprache an.',
      badKeyword:
        'Jedes Stichwort braucht mindestens 2 Buchstaben oder Ziffern und höchstens {{max}} Zeichen.',
      noneOffered: 'Bieten Sie mindestens eine Kategorie an.',
      tooMany: 'Es kann höchstens {{max}} Kategorien geben.',
    },
    trialTitle: 'Vorschlag ausprobieren',
    trialLabel: 'Text einer Beschwerde',
    trialHint: 'Zeigt, welche Kategorie die gespeicherten Stichwörter für diesen Text vorschlagen würden.',
    trialButton: 'Vorschlagen',
    trialSuggests: 'Vorschlag: {{category}} (wegen: {{words}})',
    trialNone: 'Für diesen Text würde keine Kategorie vorgeschlagen.',
  },
  categorySuggestion: {
    title: 'Vorgeschlagene Kategorie',
    suggested: 'Vorschlag: {{category}}',
    because: 'wegen: {{words}}',
    confirm: '{{category}} bestätigen',
    chooseAnother: 'Eine andere wählen',
    retired: 'Diese Kategorie wurde inzwischen stillgelegt; wählen Sie eine andere.',
  },
  rootCause: {
    legend: 'Ursache und Abhilfe',
    cause: 'Ursache',
    causeHint:
      'Worauf die Beschwerde zurückgeht, wie die Prüfung ergeben hat. Für die Kennzahlen, wird nicht versandt.',
    causes: {
      our_error: 'Ein Fehler unsererseits',
      third_party: 'Ein Dritter oder die Registry',
      customer_misunderstanding: 'Ein Missverständnis des Kunden',
      policy_as_designed: 'Unsere Regelung, wie vorgesehen angewandt',
      no_fault_found: 'Kein Fehler festgestellt',
    },
    note: 'Zur Ursache',
    noteHint: 'Freiwillig, für Kolleginnen und Kollegen: was genau geschehen ist.',
    amount: 'Angebotener Betrag',
    amountHint: 'Freiwillig: eine Gutschrift, Erstattung oder Kulanzzahlung, z. B. 25.00.',
    currency: 'Währung',
    badAmount: 'Geben Sie einen Betrag wie 25 oder 25.50 an (höchstens 2 Nachkommastellen).',
    badCurrency: 'Geben Sie einen dreibuchstabigen Währungscode wie EUR an.',
    recorded: 'Ursache',
    remedy: 'Abhilfe',
  },
};
