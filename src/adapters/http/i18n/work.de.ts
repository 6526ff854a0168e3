// Deutsche Texte der Arbeitsseiten: die Suche in der oberen Leiste, Zahlen und Sortierung der Warteschlangen und der
// Vorlageneditor. Dieselben Schlüssel wie work.en.ts.
import type { WorkMessages } from './work.en.ts';

export const workDe: WorkMessages = {
  work: {
    search: {
      label: 'Vorgänge durchsuchen',
      placeholder: 'Aktenzeichen, Name, E-Mail, Wörter',
      submit: 'Suchen',
    },
    bulk: {
      changed_one: '{{count}} Fall geändert',
      changed_other: '{{count}} Fälle geändert',
      skipped_one: '{{count}} unverändert',
      skipped_other: '{{count}} unverändert',
    },
    queue: {
      openCases_one: 'offener Vorgang',
      openCases_other: 'offene Vorgänge',
      sortedBy: 'sortiert nach {{column}}',
      asc: 'aufsteigend',
      desc: 'absteigend',
      sort_asc: 'aufsteigend sortieren',
      sort_desc: 'absteigend sortieren',
    },
    editor: {
      variablesTitle: 'Variablen',
      variablesHint:
        'Wählen Sie eine Variable, um sie an der Stelle des Cursors in den Text einzufügen (oder in den Betreff, wenn Sie dort geschrieben haben).',
      insert: '{{name}} einfügen',
      previewTitle: 'Vorschau',
      previewHint:
        'Der Entwurf, wie ihn die Beschwerdeführerin oder der Beschwerdeführer lesen würde, mit den Daten eines echten Vorgangs (des unten genannten, sonst der neuesten Beschwerde). Sie folgt Ihrer Eingabe.',
      previewNoCase:
        'Es gibt noch keinen Vorgang, mit dem der Entwurf gezeigt werden kann: Die Vorschau erscheint, sobald eine Beschwerde eingegangen ist.',
      checksTitle: 'Von der Verfahrensordnung verlangte Teile',
      allPresent: 'Alle von der Verfahrensordnung verlangten Teile sind vorhanden.',
      updatePreview: 'Vorschau aktualisieren',
    },
  },
};
