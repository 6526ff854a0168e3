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
      skippedIntro: 'Diese Fälle blieben unverändert:',
      unseenCase: 'Ein Fall, den Sie nicht sehen können oder den es nicht gibt',
      reassigned_one: '{{count}} offener Fall von {{from}} liegt jetzt bei {{to}}.',
      reassigned_other: '{{count}} offene Fälle von {{from}} liegen jetzt bei {{to}}.',
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
  // Der Eingangskorb: von wem eine Nachricht nachweislich kommt (handle-inbox-item.ts `verifiedSender`).
  inbox: {
    sender: 'Kommt von',
    senderNotVerified: 'Absender nicht geprüft',
    senderNotVerifiedHint:
      'Redress konnte nicht prüfen, wer diese Nachricht gesendet hat: Ihr From: ist nicht eine lesbare Adresse, nur ihr Reply-To oder ihr Text nennt jemanden, oder es ist automatische Post. Ein daraus eröffneter Vorgang hat keine E-Mail-Adresse, außer Sie geben unten eine an, und an diese Adresse wird nichts automatisch gesendet. Einem Vorgang zugeordnet, zählt sie nicht als Antwort des Beschwerdeführers.',
    openFor: 'Der Vorgang wird für {{address}} eröffnet, die Adresse, von der diese Nachricht kommt.',
    complainantEmail: 'E-Mail-Adresse des Beschwerdeführers',
    complainantEmailHint:
      'Prüfen Sie zuerst das Original: Geben Sie die Adresse nur an, wenn Sie wissen, dass es die des Beschwerdeführers ist. Leer gelassen, wird der Vorgang ohne Adresse eröffnet.',
  },
};
