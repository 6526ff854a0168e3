// English texts of what is wrong with a field: a field's name then its fix as one sentence, and the fixes of the
// doors' own rules (FIELD_FIXES, src/core/case/field-issue.ts), typed by that list so that a rule added without its
// sentence here (and in French and German) does not type-check.
import type { FieldFix } from '../../../core/case/field-issue.ts';
import type { TemplateFormProblem } from '../../../core/correspondence/compose.ts';

export interface FieldProblemTexts {
  fieldProblem: {
    /** The field's name, then what to write there. */
    sentence: string;
    /** 'yes' where what follows a colon starts in lower case. */
    lowerAfterColon: 'yes' | 'no';
  };
  fieldFixes: Record<FieldFix, string>;
  /** The problems of a template's form (core/correspondence: TemplateFormProblem), by code. */
  templates: { formProblems: Record<TemplateFormProblem['code'], string> };
}

export const fieldProblemsEn: FieldProblemTexts = {
  templates: {
    formProblems: {
      unknown_variable: '{{token}} is not a variable of this template (known: {{known}}).',
      closes_other: '{{token}} closes a section, but {{open}} was opened last: close {{close}} first.',
      closes_unopened:
        '{{token}} closes a section that was never opened: remove it, or open the section before it.',
      never_closed: 'The section {{open}} is never closed: add {{close}}.',
      stray_braces: 'A “{{open}}” or “{{close}}” is not part of a variable: write variables as {{example}}.',
      empty: 'It is empty: write the text.',
      no_reference: 'It must carry the case reference, {{variable}}.',
    },
  },
  fieldProblem: { sentence: '{{field}}: {{fix}}', lowerAfterColon: 'no' },
  fieldFixes: {
    letter_arrived:
      'Write the day the letter arrived as YYYY-MM-DD, or the moment with its offset, like 2026-11-23T14:05:00+01:00.',
    letter_time: 'Write the local time as HH:MM (24 hours), e.g. 14:05.',
    letter_time_with_date:
      'Give a time only with a day (YYYY-MM-DD), not with a moment that has its own time.',
    suggestion_without_step: 'A suggestion has no step: leave the step out.',
    ticket_ref: 'Write each ticket number as it is on the ticket, e.g. 123456 or INC-2026-AB12.',
    email: 'Write one e-mail address, like name@example.org.',
  },
};
