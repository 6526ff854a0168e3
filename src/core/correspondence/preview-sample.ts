// The made-up case a template is previewed with by someone who may not read the case asked for (an administrator:
// src/core/access/template-preview.ts). Everything in it is a placeholder, in the language of the text previewed,
// so that nobody mistakes it for a real person or case: the reference cannot be issued (year 0000), the dates are
// fixed.
import type { Language } from '../case/model.ts';

export interface PreviewSample {
  reference: string;
  name: string;
  email: string;
  subject: string;
  receivedAt: string;
  acknowledgeBy: string;
  answerBy: string;
  answerByDate: string;
}

const DATES = {
  reference: 'RC-0000-000000',
  email: 'example@example.org',
  receivedAt: '2026-03-02T09:00:00.000Z',
  acknowledgeBy: '2026-03-04T23:59:59.999Z',
  answerBy: '2026-03-30T23:59:59.999Z',
  answerByDate: '2026-03-30',
} as const;

export const PREVIEW_SAMPLES: Readonly<Record<Language, PreviewSample>> = {
  en: { ...DATES, name: 'Alex Example', subject: 'Example complaint (made-up case)' },
  fr: { ...DATES, name: 'Camille Exemple', subject: 'Réclamation d’exemple (dossier fictif)' },
  de: { ...DATES, name: 'Erika Mustermann', subject: 'Beispielbeschwerde (erfundener Vorgang)' },
};
