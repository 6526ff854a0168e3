// The mail door's notices on the inbox page: messages of an IMAP mailbox that Redress has no bytes of (the server
// could not give them, or they are over the size limit). They are no inbox entries (nothing was received), so they
// have a list of their own above the inbox's, with what a person needs to find each on the server and what to do
// there, and a button to mark one dealt with (for those who act on the inbox); the last ones dealt with say who
// did it and when.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { ImapNoticeView } from '../../../app/imap-notices.ts';
import { may } from '../access.ts';
import { bytes, csrfField, type Html, listTable, when, whenText } from './components.ts';

export interface ImapNoticesOptions {
  open: ImapNoticeView[];
  /** How many are open in all (more than `open` holds when there are many). */
  total: number;
  dealtWith: ImapNoticeView[];
  timezone: string;
}

export const IMAP_NOTICES_ID = 'imap-notices';

export function imapNoticesSection(request: FastifyRequest, o: ImapNoticesOptions): Html {
  if (o.open.length === 0 && o.dealtWith.length === 0) return html``;
  const { t, lang } = request;
  const canAct =
    request.principal !== null && may(request.principal.role, 'POST /inbox/imap-notices/:id/done');
  const headings = [
    t('imapNotices.noticed'),
    t('imapNotices.where'),
    t('imapNotices.message'),
    t('imapNotices.why'),
    t('imapNotices.whatToDo'),
    ...(canAct ? [t('imapNotices.action')] : []),
  ];
  return html`<section id="${IMAP_NOTICES_ID}" aria-labelledby="imap-notices-title">
      <h2 id="imap-notices-title">${t('imapNotices.title')}</h2>
      ${
        o.open.length > 0
          ? html`<p>${t('imapNotices.intro')}</p>
      ${listTable(
        t('imapNotices.title'),
        headings,
        o.open.map(
          (n) => html`<tr>
            <td>${when(lang, o.timezone, n.noticedAt)}</td>
            <td>${n.account}<br><span class="muted">${n.folder}</span></td>
            <td>${message(t, n)}</td>
            <td>${why(request, n)}</td>
            <td>${place(t, n)} ${t(`imapNotices.todo.${n.reason}`, { folder: n.folder })}</td>
            ${
              canAct
                ? html`<td><form method="post" action="/inbox/imap-notices/${n.id}/done">
                ${csrfField(request)}
                <button type="submit" aria-label="${t('imapNotices.markDoneNamed', { uid: n.uid, folder: n.folder })}">${t('imapNotices.markDone')}</button>
              </form></td>`
                : ''
            }
          </tr>`,
        ),
      )}
      ${o.total > o.open.length ? html`<p class="muted">${t('imapNotices.more', { count: o.total - o.open.length })}</p>` : ''}`
          : ''
      }
      ${
        o.dealtWith.length > 0
          ? html`<details>
        <summary>${t('imapNotices.dealtWithTitle')}</summary>
        <ul>${o.dealtWith.map(
          (n) => html`<li>${n.account}/${n.folder}, ${message(t, n)}: ${why(request, n)}
            <span class="muted">${t('imapNotices.dealtWith', {
              at: whenText(lang, o.timezone, n.dealtWithAt!),
              by: n.dealtWithByLabel ?? '—',
            })}</span></li>`,
        )}</ul>
      </details>`
          : ''
      }
    </section>`;
}

function message(t: FastifyRequest['t'], n: ImapNoticeView): Html {
  return html`${t('imapNotices.uid', { uid: n.uid })}
    <span class="muted">(${n.uidValidity ? t('imapNotices.uidValidity', { uidValidity: n.uidValidity }) : t('imapNotices.noUidValidity')})</span>`;
}

function why(request: FastifyRequest, n: ImapNoticeView): Html {
  const { t, lang } = request;
  if (n.reason === 'too_large')
    return html`${t('imapNotices.reasons.too_large', {
      size: bytes(lang, n.bytes ?? 0),
      limit: bytes(lang, n.limit ?? 0),
    })}`;
  return html`${t('imapNotices.reasons.not_given', { tries: n.tries ?? 0 })}${
    n.error ? html`<br><span class="muted">${t('imapNotices.lastError', { error: n.error })}</span>` : ''
  }`;
}

/** Where the message is on the server (or was to go, when the door had not yet said where it ended). */
function place(t: FastifyRequest['t'], n: ImapNoticeView): string {
  const values = { folder: n.folder, movedTo: n.planned.movedTo ?? '', keyword: n.planned.keyword ?? '' };
  if (!n.place)
    return n.planned.movedTo
      ? t('imapNotices.place.planned', values)
      : t('imapNotices.place.plannedFlagged', values);
  if (n.place.movedTo) return t('imapNotices.place.moved', values);
  if (n.place.keyword) return t('imapNotices.place.flagged', values);
  return t('imapNotices.place.skipped', values);
}
