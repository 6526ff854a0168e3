// One piece of a case's correspondence: the text, the HTML of an e-mail shown sanitised in a sandboxed frame,
// attachments as downloads, and the original as received or sent (P1.4, P6.1). A scan or PDF also has a link that
// opens it in the browser (the server decides from the content whether it is shown or downloaded: stored-file.ts).
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CorrespondenceDetail } from '../../../app/case-page.ts';
import { withoutLinkTokens } from '../../../core/case/complainant-link.ts';
import type { AttachmentView } from '../original-view.ts';
import { addressText, arrivedWhen, bytes, type Html } from './components.ts';
import { deliveryDetailText } from './status-words.part.ts';

export interface CorrespondencePageOptions {
  caseId: string;
  reference: string;
  item: CorrespondenceDetail;
  html: boolean;
  /** The viewer gave up on the message's HTML (over its budget): said, rather than left out without a word. */
  htmlTooComplex?: boolean;
  attachments: AttachmentView[];
  timezone: string;
  /** Display names of the accounts the status detail names (who posted a letter), by account id. */
  names: ReadonlyMap<string, string>;
}

/** Types the browser may show in place (the server checks the content itself before it does). */
const viewable = (type: string | null) => /^(application\/pdf|image\/png|image\/jpeg)\b/i.test(type ?? '');

export function correspondencePage(request: FastifyRequest, o: CorrespondencePageOptions): Html {
  const { t, lang } = request;
  const c = o.item;
  const base = `/cases/${o.caseId}/correspondence/${c.id}`;
  // The complainant's private link, in what we sent them or in their reply quoting it, is theirs alone.
  const text = withoutLinkTokens(c.textBody ?? '');
  return html`<p><a href="/cases/${o.caseId}">${t('staff.correspondence.back', { reference: o.reference })}</a></p>
    <dl class="facts">
      <dt>${t('staff.correspondence.direction')}</dt><dd>${t(`staff.case.direction.${c.direction}`)} · ${t(`channels.${c.channel}`)}${
        c.purpose ? html` · ${t(`templates.kinds.${c.purpose}`)}` : ''
      }</dd>
      <dt>${t('staff.correspondence.at')}</dt><dd>${arrivedWhen(lang, o.timezone, c.direction === 'in' ? c.channel : 'out', c.at)}</dd>
      ${c.fromAddress || c.fromName ? html`<dt>${t('inbox.from')}</dt><dd>${[c.fromName, c.fromAddress ? `<${addressText(c.fromAddress)}>` : null].filter(Boolean).join(' ')}</dd>` : ''}
      ${c.toAddress ? html`<dt>${t('inbox.to')}</dt><dd>${c.toAddress}</dd>` : ''}
      <dt>${t('staff.correspondence.delivery')}</dt><dd><span class="tag tag-delivery-${c.status}">${t(`staff.delivery.${c.status}`)}</span>${
        c.statusDetail
          ? html` <span class="muted">${deliveryDetailText(t, c.statusDetail, o.names)}</span>`
          : ''
      }</dd>
    </dl>
    <section aria-labelledby="message-title">
      <h2 id="message-title">${c.subject.trim() || t('inbox.noSubject')}</h2>
      <h3>${t('inbox.textBody')}</h3>
      ${text.text.trim() ? html`<pre class="mail-text">${text.text}</pre>` : html`<p class="muted">${t('inbox.noText')}</p>`}
      ${text.hidden ? html`<p class="muted">${t('staff.correspondence.linkHidden')}</p>` : ''}
      ${
        o.html
          ? html`<h3>${t('inbox.htmlBody')}</h3>
        <iframe class="mail-html" src="${base}/body" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" title="${t('inbox.htmlBody')}" loading="lazy"></iframe>`
          : o.htmlTooComplex
            ? html`<p class="muted">${t('inbox.htmlTooComplex')}</p>`
            : ''
      }
      <h3>${t('inbox.original')}</h3>
      ${
        c.originalSha256
          ? html`<p>${
              viewable(c.originalType)
                ? html`<a href="${base}/original" target="_blank" rel="noopener" hx-boost="false">${t('files.view')}</a> · `
                : ''
            }<a href="${base}/original" download hx-boost="false">${t('staff.correspondence.downloadOriginal')}</a>${
              c.originalSize !== null
                ? html` <span class="muted">(${c.originalType ?? ''}, ${bytes(lang, c.originalSize)})</span>`
                : ''
            }</p>`
          : html`<p class="muted">${t('staff.correspondence.noOriginal')}</p>`
      }
      <h3>${t('inbox.attachments')}</h3>
      ${
        o.attachments.length
          ? html`<ul class="attachments">${o.attachments.map(
              (a) =>
                html`<li><a href="${base}/attachments/${a.index}" download hx-boost="false">${a.filename}</a> <span class="muted">(${a.contentType}${a.size ? html`, ${bytes(lang, a.size)}` : ''})</span>${
                  viewable(a.contentType)
                    ? html` · <a href="${base}/attachments/${a.index}" target="_blank" rel="noopener" hx-boost="false" aria-label="${t('files.viewNamed', { name: a.filename })}">${t('files.view')}</a>`
                    : ''
                }</li>`,
            )}</ul>`
          : html`<p class="muted">${t('inbox.noAttachments')}</p>`
      }
    </section>`;
}
