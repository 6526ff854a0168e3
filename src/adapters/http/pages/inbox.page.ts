// The triage inbox: the list (filters, pagination, htmx partial) and one item (the message, its original shown
// safely, attachments, what was read, and the four actions).
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { InboxFilter, InboxItemView, InboxRow } from '../../../app/list-inbox.ts';
import { canHandle } from '../../../core/access/case-access.ts';
import { withoutLinkTokens } from '../../../core/case/complainant-link.ts';
import { dismissalCorrectable } from '../../../core/case/inbox.ts';
import { INBOX_REASONS, type InboxReason, OTHER_REASONS } from '../../../core/case/model.ts';
import { writtenDate } from '../../../core/text/written-date.ts';
import { may } from '../access.ts';
import type { AttachmentView } from '../original-view.ts';
import {
  addressText,
  bytes,
  csrfField,
  emptyState,
  errorSummary,
  type FormState,
  type Html,
  input,
  listTable,
  type PageInfo,
  pagination,
  query,
  select,
  textarea,
  when,
} from './components.ts';
import { type ImapNoticesOptions, imapNoticesSection } from './imap-notices.part.ts';
import { staffNoteText } from './staff-note.part.ts';

export const INBOX_LIST_ID = 'inbox-list';

export interface InboxListOptions {
  rows: InboxRow[];
  page: PageInfo;
  filter: InboxFilter;
  reason: InboxReason | null;
  timezone: string;
  /** The mail door's notices (messages it has no bytes of), shown above the list on the full page. */
  notices?: ImapNoticesOptions;
}

export function inboxPage(request: FastifyRequest, o: InboxListOptions): Html {
  const { t } = request;
  const state: FormState = { values: { status: o.filter, reason: o.reason ?? '' }, errors: {} };
  return html`<p class="lead">${t('inbox.intro')}</p>
    ${o.notices ? imapNoticesSection(request, o.notices) : ''}
    <form class="filters" method="get" action="/inbox" hx-get="/inbox" hx-target="#${INBOX_LIST_ID}" hx-push-url="true" role="search">
      ${select({
        form: 'filter',
        name: 'status',
        label: t('inbox.status'),
        state,
        options: [
          { value: 'open', label: t('inbox.open') },
          { value: 'handled', label: t('inbox.handled') },
          { value: 'all', label: t('common.all') },
        ],
      })}
      ${select({
        form: 'filter',
        name: 'reason',
        label: t('inbox.reason'),
        state,
        options: [
          { value: '', label: t('common.all') },
          ...INBOX_REASONS.map((r) => ({ value: r, label: t(`inboxReasons.${r}`) })),
        ],
      })}
      <button type="submit">${t('common.filter')}</button>
    </form>
    <div id="${INBOX_LIST_ID}">${inboxList(request, o)}</div>`;
}

/** The list alone: what htmx swaps when the filter or the page changes. */
export function inboxList(request: FastifyRequest, o: InboxListOptions): Html {
  const { t, lang } = request;
  if (o.rows.length === 0)
    return emptyState(
      o.filter === 'open' && !o.reason && o.page.page === 1 ? t('inbox.empty') : t('inbox.emptyFiltered'),
    );
  const href = (page: number) =>
    `/inbox${query({ status: o.filter === 'open' ? null : o.filter, reason: o.reason, page: page > 1 ? page : null })}`;
  return html`${listTable(
    t('inbox.title'),
    [t('inbox.received'), t('inbox.from'), t('inbox.subject'), t('inbox.reason'), t('inbox.status')],
    o.rows.map(
      (r) => html`<tr>
            <td>${when(lang, o.timezone, r.receivedAt)}</td>
            <td>${sender(t, r.fromName, r.fromAddress)}</td>
            <td><a href="/inbox/${r.id}">${r.subject.trim() || t('inbox.noSubject')}</a></td>
            <td><span class="tag tag-${r.reason}">${t(`inboxReasons.${r.reason}`)}</span></td>
            <td>${t(`inboxStatuses.${r.status}`)}${r.caseReference ? html` · ${r.caseReference}` : ''}</td>
          </tr>`,
    ),
  )}
    ${pagination(t, lang, o.page, href, `#${INBOX_LIST_ID}`)}`;
}

function sender(t: FastifyRequest['t'], name: string | null, address: string | null): Html {
  if (!name && !address) return html`<span class="muted">${t('inbox.unknownSender')}</span>`;
  if (name && address) return html`${name} <span class="muted">&lt;${addressText(address)}&gt;</span>`;
  return html`${name ?? addressText(address!)}`;
}

export type InboxForm = 'file' | 'open' | 'reclassify' | 'dismiss';

export interface InboxItemOptions {
  view: InboxItemView;
  html: boolean;
  /** The viewer gave up on the message's HTML (over its budget): said, rather than left out without a word. */
  htmlTooComplex?: boolean;
  attachments: AttachmentView[];
  timezone: string;
  forms: Partial<Record<InboxForm, FormState>>;
}

export function inboxItemPage(request: FastifyRequest, o: InboxItemOptions): Html {
  const { t, lang } = request;
  const { item, correspondence: c } = o.view;
  // A reply quoting the acknowledgement quotes the complainant's private link too: it is theirs alone.
  const text = withoutLinkTokens(c.textBody ?? '');
  const reading = o.view.correspondence.reading;
  const complainant = reading?.complainant as { name?: string | null; email?: string | null } | undefined;
  const missing = Array.isArray(reading?.missing) ? (reading.missing as string[]) : [];
  const canAct = request.principal !== null && may(request.principal.role, 'POST /inbox/:id/dismiss');
  // A refusal when the item can no longer be acted on (e.g. someone else handled it meanwhile).
  const refused = item.status !== 'open' ? Object.values(o.forms).find((f) => f?.message)?.message : null;
  return html`<p><a href="/inbox">${t('inbox.backToList')}</a></p>
    ${refused ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${refused}</p></div>` : ''}
    <dl class="facts">
      <dt>${t('inbox.received')}</dt><dd>${when(lang, o.timezone, item.receivedAt)}</dd>
      <dt>${t('inbox.from')}</dt><dd>${sender(t, c.fromName, c.fromAddress)}</dd>
      ${
        c.channel !== 'email'
          ? ''
          : c.verifiedSender
            ? html`<dt>${t('inbox.sender')}</dt><dd>${c.verifiedSender}</dd>`
            : html`<dt>${t('inbox.sender')}</dt><dd><span class="tag tag-sender-not-verified">${t('inbox.senderNotVerified')}</span> <span class="hint">${t('inbox.senderNotVerifiedHint')}</span></dd>`
      }
      ${c.toAddress ? html`<dt>${t('inbox.to')}</dt><dd>${c.toAddress}</dd>` : ''}
      ${c.mailbox ? html`<dt>${t('inbox.mailbox')}</dt><dd>${c.mailbox}</dd>` : ''}
      <dt>${t('inbox.channel')}</dt><dd>${t(`channels.${c.channel}`)}</dd>
      <dt>${t('inbox.reason')}</dt><dd><span class="tag tag-${item.reason}">${t(`inboxReasons.${item.reason}`)}</span></dd>
      <dt>${t('inbox.kind')}</dt><dd>${t(`kinds.${item.kind}`)}${item.otherReason ? html` · ${t(`otherReasons.${item.otherReason}`)}` : ''}</dd>
      <dt>${t('inbox.status')}</dt><dd>${t(`inboxStatuses.${item.status}`)}</dd>
      ${o.view.caseReference ? html`<dt>${t('inbox.onCase')}</dt><dd>${o.view.caseReference}</dd>` : ''}
      ${item.note ? html`<dt>${t('inbox.note')}</dt><dd>${staffNoteText(t, item.note)}</dd>` : ''}
    </dl>
    ${
      item.status !== 'open' && item.handledAt
        ? html`<p class="notice">${t('inbox.handledBy', { at: whenPlain(lang, o.timezone, item.handledAt), by: o.view.handledByLabel ?? '—' })}</p>`
        : ''
    }
    <section aria-labelledby="message-title">
      <h2 id="message-title">${c.subject.trim() || t('inbox.noSubject')}</h2>
      <h3>${t('inbox.textBody')}</h3>
      ${text.text.trim() ? html`<pre class="mail-text">${text.text}</pre>` : html`<p class="muted">${t('inbox.noText')}</p>`}
      ${text.hidden ? html`<p class="muted">${t('staff.correspondence.linkHidden')}</p>` : ''}
      ${
        o.html
          ? html`<h3 id="html-title">${t('inbox.htmlBody')}</h3>
        <iframe class="mail-html" src="/inbox/${item.id}/body" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" title="${t('inbox.htmlBody')}" loading="lazy"></iframe>`
          : o.htmlTooComplex
            ? html`<p class="muted">${t('inbox.htmlTooComplex')}</p>`
            : ''
      }
      <h3>${t('inbox.original')}</h3>
      ${
        c.originalSha256
          ? html`<p><a href="/inbox/${item.id}/original" download hx-boost="false">${t('inbox.downloadOriginal')}</a>${
              c.originalSize !== null
                ? html` <span class="muted">(${bytes(lang, c.originalSize)})</span>`
                : ''
            }</p>`
          : html`<p class="muted">—</p>`
      }
      <h3>${t('inbox.attachments')}</h3>
      ${
        o.attachments.length
          ? html`<ul class="attachments">${o.attachments.map(
              (a) =>
                html`<li><a href="/inbox/${item.id}/attachments/${a.index}" download hx-boost="false">${a.filename}</a> <span class="muted">(${a.contentType}, ${bytes(lang, a.size)})</span>${
                  // A PDF or image may be opened in the browser; the server shows it only if its content is one.
                  /^(application\/pdf|image\/png|image\/jpeg)\b/i.test(a.contentType)
                    ? html` · <a href="/inbox/${item.id}/attachments/${a.index}" target="_blank" rel="noopener" hx-boost="false" aria-label="${t('files.viewNamed', { name: a.filename })}">${t('files.view')}</a>`
                    : ''
                }</li>`,
            )}</ul>`
          : html`<p class="muted">${t('inbox.noAttachments')}</p>`
      }
    </section>
    ${
      reading
        ? html`<section aria-labelledby="reading-title">
        <h2 id="reading-title">${t('inbox.reading')}</h2>
        <dl class="facts">
          <dt>${t('inbox.complainant')}</dt><dd>${complainant?.name ?? '—'}${complainant?.email ? html` &lt;${complainant.email}&gt;` : ''}</dd>
          <dt>${t('inbox.missing')}</dt><dd>${missing.length ? missing.map((m) => t(`missingFields.${m}`)).join(', ') : '—'}</dd>
        </dl>
      </section>`
        : ''
    }
    ${
      // A dismissed message may still be opened as a case or filed onto one (core/case/inbox.ts): a dismissal taken
      // by mistake for a real complaint is corrected here.
      (item.status === 'open' || dismissalCorrectable(item)) && canAct
        ? actions(request, o, item.status === 'dismissed')
        : ''
    }`;
}

function whenPlain(lang: FastifyRequest['lang'], timeZone: string, iso: string): string {
  return writtenDate(
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
    new Date(iso),
  );
}

/** The forms to handle an item; `correctionOnly` (a dismissed item): opening a case or filing it, nothing else. */
function actions(request: FastifyRequest, o: InboxItemOptions, correctionOnly = false): Html {
  const { t } = request;
  const id = o.view.item.id;
  const state = (f: InboxForm): FormState => o.forms[f] ?? { values: {}, errors: {} };
  const file = state('file');
  const open = state('open');
  const reclassify = state('reclassify');
  const dismiss = state('dismiss');
  const sender = o.view.correspondence.channel === 'email' ? o.view.correspondence.verifiedSender : null;
  // Only the cases this person may open are offered (the case rule: step 2 is management's, the rest the
  // complaints team's), so that no choice on the form ends in a refusal.
  const role = { role: request.principal!.role };
  const steps = ([1, 2] as const).filter((step) => canHandle(role, { kind: 'complaint', step }));
  const kinds = [
    ...(steps.length > 0 ? (['complaint'] as const) : []),
    ...(canHandle(role, { kind: 'suggestion', step: null }) ? (['suggestion'] as const) : []),
  ];
  if (!open.values.kind)
    open.values.kind =
      o.view.item.kind === 'suggestion' && kinds.includes('suggestion')
        ? 'suggestion'
        : (kinds[0] ?? 'complaint');
  if (!open.values.step && steps.length === 1) open.values.step = String(steps[0]);
  return html`<section aria-labelledby="actions-title" class="actions">
    <h2 id="actions-title">${t('inbox.actionsTitle')}</h2>
    <div class="action-grid">
      <form method="post" action="/inbox/${id}/file" class="card stack" novalidate>
        <h3>${t('inbox.fileTitle')}</h3>
        ${errorSummary(t, 'file', file, { caseReference: t('inbox.caseReference') })}
        ${csrfField(request)}
        ${input({ form: 'file', name: 'caseReference', label: t('inbox.caseReference'), state: file, hint: t('inbox.fileHint'), required: true, maxlength: 30 })}
        <button type="submit">${t('inbox.fileSubmit')}</button>
      </form>
      ${
        kinds.length === 0
          ? ''
          : html`<form method="post" action="/inbox/${id}/open-case" class="card stack" novalidate>
        <h3>${t('inbox.openTitle')}</h3>
        <p class="hint">${t('inbox.openHint')}</p>
        ${sender ? html`<p class="hint">${t('inbox.openFor', { address: sender })}</p>` : ''}
        ${errorSummary(t, 'open', open, { kind: t('inbox.caseKind'), step: t('inbox.step'), complainantEmail: t('inbox.complainantEmail') })}
        ${csrfField(request)}
        ${select({
          form: 'open',
          name: 'kind',
          label: t('inbox.caseKind'),
          state: open,
          options: kinds.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) })),
        })}
        ${select({
          form: 'open',
          name: 'step',
          label: t('inbox.step'),
          state: open,
          options: steps.map((step) => ({ value: String(step), label: String(step) })),
        })}
        ${
          // A message from no verified sender: the person opening the case says whose address it is, if anyone's.
          sender
            ? ''
            : input({
                form: 'open',
                name: 'complainantEmail',
                label: t('inbox.complainantEmail'),
                state: open,
                hint: t('inbox.complainantEmailHint'),
                optionalLabel: t('common.optional'),
                type: 'email',
                autocomplete: 'off',
                maxlength: 320,
              })
        }
        <button type="submit">${t('inbox.openSubmit')}</button>
      </form>`
      }
      ${
        correctionOnly
          ? ''
          : html`<form method="post" action="/inbox/${id}/reclassify" class="card stack" novalidate>
        <h3>${t('inbox.reclassifyTitle')}</h3>
        <p class="hint">${t('inbox.reclassifyHint')}</p>
        ${errorSummary(t, 'reclassify', reclassify, { reason: t('inbox.otherReason'), note: t('inbox.reclassifyNote') })}
        ${csrfField(request)}
        ${select({ form: 'reclassify', name: 'reason', label: t('inbox.otherReason'), state: reclassify, options: OTHER_REASONS.map((r) => ({ value: r, label: t(`otherReasons.${r}`) })) })}
        ${textarea({ form: 'reclassify', name: 'note', label: t('inbox.reclassifyNote'), state: reclassify, optionalLabel: t('common.optional'), maxlength: 2000 })}
        <button type="submit">${t('inbox.reclassifySubmit')}</button>
      </form>
      <form method="post" action="/inbox/${id}/dismiss" class="card stack" novalidate>
        <h3>${t('inbox.dismissTitle')}</h3>
        <p class="hint">${t('inbox.dismissHint')}</p>
        ${errorSummary(t, 'dismiss', dismiss, { reason: t('inbox.dismissReason') })}
        ${csrfField(request)}
        ${textarea({ form: 'dismiss', name: 'reason', label: t('inbox.dismissReason'), state: dismiss, required: true, maxlength: 2000 })}
        <button type="submit" class="danger">${t('inbox.dismissSubmit')}</button>
      </form>`
      }
    </div>
  </section>`;
}
