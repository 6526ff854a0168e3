// The answer to a person after their erasure request (P6.3), as plain text in their language (FR, EN or DE): what
// was erased, what is kept, why, and from when it goes. Staff send it as it is (copied from the complainant's page,
// or written by `redress subject erase --answer FILE`). The internal reason of a legal hold is not told to the person
// (it may name proceedings or other people); the page shows it to staff. Nor is whose case a message of theirs was
// filed on: only how many stay on other people's cases, and why.
import type { ErasureResult } from '../../app/erase-complainant.ts';
import type { Language } from '../../core/case/model.ts';
import { writtenDate } from '../../core/text/written-date.ts';
import { translatorFor } from './i18n/index.ts';

/** A local day (YYYY-MM-DD) written out in the language, e.g. 1 January 2031 / 1er janvier 2031 / 1. Januar 2031. */
export function longDay(lang: Language, day: string): string {
  return writtenDate(
    new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }),
    new Date(`${day}T00:00:00Z`),
  );
}

export function erasureAnswer(result: ErasureResult, lang: Language, organisation: string): string {
  const t = translatorFor(lang);
  const { plan } = result;
  const lines: string[] = [t('subject.answer.title'), '', t('subject.answer.greeting'), ''];
  lines.push(t('subject.answer.intro', { date: longDay(lang, plan.today) }), '');
  // Messages on no case: those erased (by this request; on a dry run, those it would erase) and those kept.
  const inbox = plan.inboxItems;
  const inboxGone = inbox.filter(
    (d) => d.decision === 'erase' && !result.inboxSkipped.some((s) => s.id === d.id),
  );
  const inboxKept = inbox.flatMap((d) => (d.decision === 'keep' ? [d] : []));
  const received = (day: string) => longDay(lang, day);
  const inboxErasedLine = () =>
    inboxGone.length === 1
      ? t('subject.answer.inboxErasedOne', { date: received(inboxGone[0]!.receivedOn) })
      : t('subject.answer.inboxErasedMany', {
          count: inboxGone.length,
          first: received(inboxGone[0]!.receivedOn),
          last: received(inboxGone.at(-1)!.receivedOn),
        });
  const inboxKeptLines = inboxKept.map(
    (d) =>
      `- ${t(d.why === 'legal_hold' ? 'subject.answer.kept.inbox_legal_hold' : 'subject.answer.kept.awaiting_triage', { date: received(d.receivedOn) })}`,
  );
  if (plan.cases.length === 0 && inbox.length === 0) lines.push(t('subject.answer.nothing'), '');
  else if (plan.cases.length === 0) {
    if (inboxGone.length) lines.push(t('subject.answer.erasedHeading'), `- ${inboxErasedLine()}`, '');
    if (inboxKeptLines.length) lines.push(t('subject.answer.keptHeading'), ...inboxKeptLines, '');
  } else {
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
    if (inboxGone.length) lines.push(`- ${inboxErasedLine()}`);
    lines.push('');
    const kept = plan.cases.flatMap((d) => (d.decision === 'keep' ? [d] : []));
    if (kept.length || inboxKeptLines.length) {
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
      lines.push(...inboxKeptLines);
      lines.push('');
    }
  }
  // Their messages filed on someone else's case stay with it (part of that complaint's record): said, with how
  // many, never whose.
  const others = result.keptOnOthersCases;
  if (others > 0)
    lines.push(
      others === 1
        ? t('subject.answer.othersCasesOne')
        : t('subject.answer.othersCasesMany', { count: others }),
      '',
    );
  // Someone known only by the address they wrote from has no record (name, contact details) to erase or keep.
  lines.push(
    t(
      result.complainantId === null
        ? 'subject.answer.noRecord'
        : result.complainantErased
          ? 'subject.answer.recordErased'
          : 'subject.answer.recordKept',
    ),
    '',
  );
  lines.push(t('subject.answer.closing'), '', t('subject.answer.signature'), organisation, '');
  return lines.join('\n');
}
