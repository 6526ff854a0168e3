// The command that opens a case, for the core's unit tests: a step-1 complaint by e-mail in French with every P2
// field present, received just before Christmas 2026 (a deadline that crosses holidays); each test changes what
// it is about.
import type { CaseCommand } from '../../src/core/case/case.ts';

export type ReceiveCommand = Extract<CaseCommand, { type: 'receive' }>;

export function receiveCommand(over: Partial<ReceiveCommand> = {}): ReceiveCommand {
  return {
    type: 'receive',
    caseId: 'c1',
    reference: 'RC-2026-000001',
    kind: 'complaint',
    step: 1,
    channel: 'email',
    complainantId: 'p1',
    receivedAt: '2026-12-23T17:00:00.000Z',
    language: 'fr',
    subject: 'Transmission de réclamation - Etape 1',
    fields: {
      ticketRefs: ['123456'],
      domains: ['müller-bau.de'],
      description: 'Le site est hors ligne.',
      expectations: 'Un avoir.',
    },
    missing: [],
    correspondenceId: 'm1',
    step1: null,
    ...over,
  };
}
