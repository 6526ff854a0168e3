// The root cause and remedy of a definitive answer: the fields of the answer form (a cause from the fixed list,
// a note, an amount and its currency; the remedy's text is the form's own field) and, once answered, the
// facts shown on the case page. The cause is for the figures and colleagues; only the remedy text is sent.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CaseState } from '../../../core/case/case.ts';
import { ROOT_CAUSE_NOTE_MAX, ROOT_CAUSES } from '../../../core/case/root-cause.ts';
import { type FormState, type Html, input, select, textarea } from './components.ts';

type T = FastifyRequest['t'];

export function rootCauseLabels(t: T): Record<string, string> {
  return {
    rootCause: t('rootCause.cause'),
    rootCauseNote: t('rootCause.note'),
    remedyAmount: t('rootCause.amount'),
    remedyCurrency: t('rootCause.currency'),
  };
}

export function rootCauseFields(request: FastifyRequest, st: FormState): Html {
  const { t } = request;
  const labels = rootCauseLabels(t);
  const state: FormState = { ...st, values: { remedyCurrency: 'EUR', ...st.values } };
  return html`<fieldset class="stack root-cause">
    <legend>${t('rootCause.legend')}</legend>
    ${select({
      form: 'answer',
      name: 'rootCause',
      label: labels.rootCause!,
      hint: t('rootCause.causeHint'),
      state,
      options: [
        { value: '', label: '—' },
        ...ROOT_CAUSES.map((c) => ({ value: c, label: t(`rootCause.causes.${c}`) })),
      ],
    })}
    ${textarea({ form: 'answer', name: 'rootCauseNote', label: labels.rootCauseNote!, hint: t('rootCause.noteHint'), state, optionalLabel: t('common.optional'), maxlength: ROOT_CAUSE_NOTE_MAX, rows: 2 })}
    ${input({ form: 'answer', name: 'remedyAmount', label: labels.remedyAmount!, hint: t('rootCause.amountHint'), state, optionalLabel: t('common.optional'), inputmode: 'decimal', maxlength: 20, autocomplete: 'off' })}
    ${input({ form: 'answer', name: 'remedyCurrency', label: labels.remedyCurrency!, state, maxlength: 3, autocomplete: 'off' })}
  </fieldset>`;
}

/** The facts of an answered case: its root cause and remedy, as a part of the case's facts list. */
export function answerRecordFacts(request: FastifyRequest, s: CaseState): Html {
  const r = s.answerRecord;
  if (!r || (!r.rootCause && !r.remedy && !r.remedyAmount)) return html``;
  const { t, lang } = request;
  const amount = r.remedyAmount
    ? new Intl.NumberFormat(lang, { style: 'currency', currency: r.remedyAmount.currency }).format(
        Number(r.remedyAmount.value),
      )
    : null;
  return html`${
    r.rootCause
      ? html`<dt>${t('rootCause.recorded')}</dt><dd id="case-root-cause">${t(`rootCause.causes.${r.rootCause.cause}`)}${
          r.rootCause.note ? html`<br><span class="muted">${r.rootCause.note}</span>` : ''
        }</dd>`
      : ''
  }${
    r.remedy || amount
      ? html`<dt>${t('rootCause.remedy')}</dt><dd id="case-remedy">${[amount, r.remedy].filter(Boolean).join(' · ')}</dd>`
      : ''
  }`;
}
