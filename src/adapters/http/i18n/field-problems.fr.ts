// Textes français de ce qui ne va pas dans un champ : le nom du champ puis sa correction en une phrase, et les
// corrections des règles propres aux portes d'entrée (FIELD_FIXES).
import type { FieldProblemTexts } from './field-problems.en.ts';

export const fieldProblemsFr: FieldProblemTexts = {
  templates: {
    formProblems: {
      unknown_variable: '{{token}} n’est pas une variable de ce texte (connues : {{known}}).',
      closes_other:
        '{{token}} ferme une section, mais c’est {{open}} qui a été ouverte en dernier : fermez d’abord {{close}}.',
      closes_unopened:
        '{{token}} ferme une section qui n’a jamais été ouverte : retirez-le, ou ouvrez la section avant.',
      never_closed: 'La section {{open}} n’est jamais fermée : ajoutez {{close}}.',
      stray_braces:
        'Un « {{open}} » ou « {{close}} » ne fait pas partie d’une variable : écrivez les variables sous la forme {{example}}.',
      empty: 'Il est vide : écrivez le texte.',
      no_reference: 'Il doit porter la référence du dossier, {{variable}}.',
    },
  },
  fieldProblem: { sentence: '{{field}} : {{fix}}', lowerAfterColon: 'yes' },
  fieldFixes: {
    letter_arrived:
      'Écrivez le jour d’arrivée du courrier sous la forme AAAA-MM-JJ, ou le moment avec son décalage, comme 2026-11-23T14:05:00+01:00.',
    letter_time: 'Écrivez l’heure locale sous la forme HH:MM (sur 24 heures), par exemple 14:05.',
    letter_time_with_date:
      'Ne donnez une heure qu’avec un jour (AAAA-MM-JJ), pas avec un moment qui a déjà la sienne.',
    suggestion_without_step: 'Une suggestion n’a pas d’étape : n’indiquez pas d’étape.',
    ticket_ref:
      'Écrivez chaque numéro de ticket tel qu’il figure sur le ticket, par exemple 123456 ou INC-2026-AB12.',
    email: 'Écrivez une seule adresse e-mail, comme nom@exemple.fr.',
  },
};
