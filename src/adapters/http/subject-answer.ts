// The answer to a person after their erasure request (P6.3), as plain text in their language (FR, EN or DE): what
// was erased, what is kept, why, and from when it goes. Staff send it as it is (copied from the complainant's page,
// or written by `redress subject erase --answer FILE`). The internal reason of a legal hold is not told to the person
// (it may name proceedings or other people); the page shows it to staff.
import type { ErasureResult } from '../../app/erase-complainant.ts';
import type { Language } from '../../core/case/model.ts';
import { translatorFor } from './i18n/index.ts';

/** A local day (YYYY-MM-DD) written out in the language, e.g. 1 January 2031 / 1 janvier 2031 / 1. Januar 2031. */
export function longDay(lang: Language, day: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function erasureAnswer(result: ErasureResult, lang: Language, organisation: string): string {
  const t = translatorFor(lang);
  const { plan } = result;
  const lines: string[] = [t('subject.answer.title'), '', t('subject.answer.greeting'), ''];
  lines.push(t('subject.answer.intro', { date: longDay(lang, plan.today) }), '');
  if (plan.cases.length === 0) lines.push(t('subject.answer.nothing'), '');
  else {
    // What this request erased, and what an earlier run or request already had: both are gone.
    const gone = plan.cases.filter(
      (d) =>
        d.decision === 'already_anonymised' ||
        (d.decision === 'erase' && !result.skipped.some((s) => s.reference === d.reference)),
    );
    lines.push(t('subject.answer.erasedHeading'));
    if (gone.length)
      for (const d of gone) lines.push(`- ${t('subject.answer.erased', { reference: d.reference })}`);
    else lines.push(`- ${t('subject.answer.noneErased')}`);
    lines.push('');
    const kept = plan.cases.flatMap((d) => (d.decision === 'keep' ? [d] : []));
    if (kept.length) {
      lines.push(t('subject.answer.keptHeading'));
      for (const d of kept) {
        const key = d.why === 'linked_case_kept' && d.until === null ? 'linked_case_kept_open' : d.why;
        lines.push(
          `- ${t(`subject.answer.kept.${key}`, {
            reference: d.reference,
            closed: d.closedOn ? longDay(lang, d.closedOn) : '',
            until: d.until ? longDay(lang, d.until) : '',
            with: (d.keptWith ?? []).join(', '),
          })}`,
        );
      }
      lines.push('');
    }
  }
  lines.push(t(result.complainantErased ? 'subject.answer.recordErased' : 'subject.answer.recordKept'), '');
  lines.push(t('subject.answer.closing'), '', t('subject.answer.signature'), organisation, '');
  return lines.join('\n');
}
