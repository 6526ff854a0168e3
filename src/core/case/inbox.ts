// An inbox item: inbound correspondence not attached to a case (automated, unparseable, a stranger quoting a
// reference, awaiting classification), waiting for a person. Every action on it is an event.
import type { InboxReason, InboxStatus, Kind, OtherReason } from './model.ts';
import { accept, type Decision, refuse } from './refusal.ts';

export interface InboxItemState {
  id: string;
  correspondenceId: string;
  reason: InboxReason;
  /** What the reader made of it (`other` for automated mail). */
  kind: Kind;
  status: InboxStatus;
  caseId: string | null;
  otherReason: OtherReason | null;
  note: string | null;
  receivedAt: string;
  handledAt: string | null;
  handledBy: string | null;
}

export type InboxEvent =
  | {
      type: 'inbox_item_received';
      payload: { correspondenceId: string; reason: InboxReason; kind: Kind; note: string | null };
    }
  | { type: 'inbox_item_filed'; payload: { caseId: string } }
  | { type: 'inbox_item_case_opened'; payload: { caseId: string } }
  | { type: 'inbox_item_reclassified'; payload: { reason: OtherReason; note: string | null } }
  | { type: 'inbox_item_dismissed'; payload: { reason: string } };

export type InboxCommand =
  | { type: 'receive'; correspondenceId: string; reason: InboxReason; kind: Kind; note: string | null }
  | { type: 'file_onto_case'; caseId: string }
  | { type: 'open_case'; caseId: string }
  | { type: 'reclassify'; reason: OtherReason; note: string | null }
  | { type: 'dismiss'; reason: string };

export function evolveInboxItem(
  state: InboxItemState | null,
  event: InboxEvent,
  meta: { at: string; actor: string },
): InboxItemState {
  if (event.type === 'inbox_item_received')
    return {
      id: state?.id ?? '',
      correspondenceId: event.payload.correspondenceId,
      reason: event.payload.reason,
      kind: event.payload.kind,
      status: 'open',
      caseId: null,
      otherReason: null,
      note: event.payload.note,
      receivedAt: meta.at,
      handledAt: null,
      handledBy: null,
    };
  if (!state) throw new Error(`event ${event.type} before inbox_item_received`);
  const handled = { ...state, handledAt: meta.at, handledBy: meta.actor };
  switch (event.type) {
    case 'inbox_item_filed':
      return { ...handled, status: 'filed', caseId: event.payload.caseId };
    case 'inbox_item_case_opened':
      return { ...handled, status: 'case_opened', caseId: event.payload.caseId };
    case 'inbox_item_reclassified':
      return {
        ...handled,
        status: 'reclassified',
        kind: 'other',
        otherReason: event.payload.reason,
        note: event.payload.note ?? state.note,
      };
    case 'inbox_item_dismissed':
      return { ...handled, status: 'dismissed', note: event.payload.reason };
  }
}

/**
 * A person's dismissal may have been a mistake (a real complaint taken for spam): the message can still be opened as
 * a case or filed onto one, as a correction recorded after the dismissal, which stays in the item's history. Nothing
 * else undoes it: dismissed twice or reclassified, it would only say the same again. What the system dismissed (the
 * mail door's own notices an earlier release filed as messages) was never anyone's message.
 */
export function dismissalCorrectable(state: InboxItemState): boolean {
  return state.status === 'dismissed' && state.handledBy !== 'system';
}

export function decideInboxItem(state: InboxItemState | null, command: InboxCommand): Decision<InboxEvent> {
  if (command.type === 'receive') {
    if (state)
      return refuse('invalid_command', 'This inbox item already exists.', { context: 'inbox_item_exists' });
    return accept({
      type: 'inbox_item_received',
      payload: {
        correspondenceId: command.correspondenceId,
        reason: command.reason,
        kind: command.kind,
        note: command.note,
      },
    });
  }
  if (!state) return refuse('case_not_found', 'There is no such inbox item.', { context: 'inbox_item' });
  const correction =
    dismissalCorrectable(state) && (command.type === 'open_case' || command.type === 'file_onto_case');
  if (state.status !== 'open' && !correction)
    return refuse(
      'inbox_item_handled',
      `This inbox item was already handled (${state.status.replace('_', ' ')}).`,
      { context: state.status },
    );
  switch (command.type) {
    case 'file_onto_case':
      return accept({ type: 'inbox_item_filed', payload: { caseId: command.caseId } });
    case 'open_case':
      return accept({ type: 'inbox_item_case_opened', payload: { caseId: command.caseId } });
    case 'reclassify':
      return accept({
        type: 'inbox_item_reclassified',
        payload: { reason: command.reason, note: command.note },
      });
    case 'dismiss': {
      const reason = command.reason.trim();
      if (!reason)
        return refuse('empty_text', 'Dismissing an item needs a reason.', { context: 'dismiss_reason' });
      return accept({ type: 'inbox_item_dismissed', payload: { reason } });
    }
  }
}
