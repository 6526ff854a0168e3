// An act on a case sent from what its sender saw of it, the case's version then: the page's forms carry it, and the
// API takes it as If-Match. What a colleague did since that the act would undo or repeat refuses it (the rule:
// src/core/case/meanwhile.ts), named in the reader's language, so that nobody acts on a case as it no longer is.
import type { FastifyRequest } from 'fastify';
import { actsMeanwhile } from '../../app/act-on-case.ts';
import type { AppContext } from '../../app/context.ts';
import type { CaseActionName } from '../../core/case/actions.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { actorLabel } from './pages/staff-components.ts';
import { staffActor } from './staff-access.ts';

/** The case's version a form or header says its sender saw; null when absent or not one (not checked then). */
export function seenOf(v: unknown): number | null {
  const s = typeof v === 'string' ? v.trim() : '';
  return /^\d{1,12}$/.test(s) ? Number(s) : null;
}

/**
 * The version an If-Match header names: the case's `version` as the API returns it, bare or as an entity tag
 * (`"12"`, `W/"12"`); null when absent, `*` or not one of ours.
 */
export function seenOfIfMatch(header: string | string[] | undefined): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  const m = /^\s*(?:W\/)?"?(\d{1,12})"?\s*$/.exec(v ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * The refusal of `act` sent from version `seen` of the case when a colleague has since done what it would undo or
 * repeat, naming who did what; null when nothing did, or the sender did not say what they saw.
 */
export async function meanwhileRefusal(
  ctx: AppContext,
  request: FastifyRequest,
  caseId: string,
  act: CaseActionName,
  seen: number | null,
): Promise<DomainError | null> {
  const found = await actsMeanwhile(ctx, caseId, act, seen, staffActor(request));
  if (!found.length) return null;
  const t = request.t;
  const changes = found
    .map((e) => {
      const what = t(`staff.events.${e.type}`);
      const who = e.name ?? actorLabel(t, new Map(), e.actor);
      return `${who}: ${what === `staff.events.${e.type}` ? e.type : what}`;
    })
    .join('; ');
  return new DomainError({
    code: 'invalid_command',
    message: `Someone else acted on this case after the page was opened (${changes}); nothing was done.`,
    details: { context: 'case_changed_meanwhile', changes },
  });
}
