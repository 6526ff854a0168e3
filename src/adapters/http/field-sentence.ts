// A field's name, then what to write there, as one sentence in the reader's language (the settings' problems, and
// the problems of each field of a letter or a complaint refused as a whole).
import type { Translate } from './i18n/index.ts';

export function fieldSentence(t: Translate, field: string, fix: string): string {
  // French writes what follows a colon in lower case; English and German keep the sentence as it is.
  const lower = t('fieldProblem.lowerAfterColon') === 'yes';
  return t('fieldProblem.sentence', {
    field,
    fix: lower ? fix.charAt(0).toLocaleLowerCase() + fix.slice(1) : fix,
  });
}
