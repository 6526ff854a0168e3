// Deutsche Texte dessen, was an einem Feld nicht stimmt: der Name des Feldes und seine Korrektur als ein Satz, und
// die Korrekturen der eigenen Regeln der Eingänge (FIELD_FIXES).
import type { FieldProblemTexts } from './field-problems.en.ts';

export const fieldProblemsDe: FieldProblemTexts = {
  templates: {
    formProblems: {
      unknown_variable: '{{token}} ist keine Variable dieses Textes (bekannt: {{known}}).',
      closes_other:
        '{{token}} schließt einen Abschnitt, aber zuletzt wurde {{open}} geöffnet: Schließen Sie zuerst {{close}}.',
      closes_unopened:
        '{{token}} schließt einen Abschnitt, der nie geöffnet wurde: Entfernen Sie es oder öffnen Sie den Abschnitt davor.',
      never_closed: 'Der Abschnitt {{open}} wird nie geschlossen: Fügen Sie {{close}} hinzu.',
      stray_braces:
        'Ein „{{open}}“ oder „{{close}}“ gehört zu keiner Variablen: Schreiben Sie Variablen als {{example}}.',
      empty: 'Er ist leer: Schreiben Sie den Text.',
      no_reference: 'Er muss das Aktenzeichen des Falls tragen, {{variable}}.',
    },
  },
  fieldProblem: { sentence: '{{field}}: {{fix}}', lowerAfterColon: 'no' },
  fieldFixes: {
    letter_arrived:
      'Schreiben Sie den Eingangstag des Briefs als JJJJ-MM-TT oder den Zeitpunkt mit seinem Versatz, etwa 2026-11-23T14:05:00+01:00.',
    letter_time: 'Schreiben Sie die Ortszeit als HH:MM (24 Stunden), z. B. 14:05.',
    letter_time_with_date:
      'Geben Sie eine Uhrzeit nur zu einem Tag (JJJJ-MM-TT) an, nicht zu einem Zeitpunkt, der schon eine hat.',
    suggestion_without_step: 'Ein Vorschlag hat keine Stufe: Lassen Sie die Stufe weg.',
    ticket_ref:
      'Schreiben Sie jede Ticketnummer so, wie sie auf dem Ticket steht, z. B. 123456 oder INC-2026-AB12.',
    email: 'Schreiben Sie eine einzige E-Mail-Adresse, etwa name@beispiel.de.',
  },
};
