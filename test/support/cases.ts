// A complaint to open in tests: everything a use case needs, one distinct complainant per receipt instant.
import type { OpenCaseInput } from '../../src/app/open-case.ts';

export const complaintAt = (receivedAt: string, over: Partial<OpenCaseInput> = {}): OpenCaseInput => ({
  kind: 'complaint',
  step: 1,
  channel: 'email',
  receivedAt,
  language: 'fr',
  subject: `Réclamation du ${receivedAt.slice(0, 10)}`,
  complainant: {
    name: `Client ${receivedAt}`,
    email: `client-${receivedAt.replace(/\W/g, '').toLowerCase()}@exemple.fr`,
  },
  fields: { ticketRefs: [], domains: [], description: 'x', expectations: 'y' },
  missing: [],
  correspondenceId: null,
  actor: 'test',
  ...over,
});
