// Scans and PDFs open in the browser: a letter's scan and an attachment whose content is a PDF, PNG or JPEG are
// served with their real type, inline, under a sandbox CSP without scripts and with nosniff; anything else
// (an HTML file named like a PDF, the raw e-mail) stays a download.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { PDF, postMultipart } from '../support/staff.ts';

/** A real 1×1 PNG: the viewer reads the whole signature and header, as a browser would. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function assertInline(
  res: { statusCode: number; headers: Record<string, unknown> },
  type: string,
  ext: string,
) {
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], type);
  assert.match(String(res.headers['content-disposition']), new RegExp(`^inline; filename="[^"]+\\.${ext}"`));
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /^sandbox;/, 'sandboxed: no scripts, no same origin');
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /script-src/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
}

function assertDownload(res: { statusCode: number; headers: Record<string, unknown> }) {
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-disposition']), /^attachment;/);
  assert.notEqual(res.headers['content-type'], 'text/html');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
}

describe('scans and PDFs viewable inline', () => {
  let t: TestApp;
  let agent: User;

  before(async () => {
    t = await createTestApp();
    agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org' });
  });
  after(async () => {
    await t?.close();
  });

  async function letterWith(file: { filename: string; type: string; content: Buffer }) {
    const s = await sessionFor(t.ctx, agent);
    const res = await postMultipart(
      t.app,
      s,
      '/letters',
      {
        arrived: '2026-11-20',
        kind: 'complaint',
        language: 'fr',
        title: 'Transmission de réclamation - Etape 1',
        // A writer of their own for each letter: a second letter without e-mail from a name and address on file
        // sends staff to the merge form instead of the case.
        name: `Jeanne Martin (${file.filename})`,
        postalAddress: '5 rue de la Paix\n75002 Paris',
        description: 'Mon serveur ne répond plus.',
        expectations: 'Un avoir.',
        confirmLate: 'yes',
      },
      [{ field: 'scan', ...file }],
    );
    assert.equal(res.statusCode, 303, res.body);
    const caseId = res.headers.location!.toString().replace('/cases/', '');
    const row = await t.ctx.database.db
      .selectFrom('correspondence')
      .select('id')
      .where('case_id', '=', caseId)
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    return { s, url: `/cases/${caseId}/correspondence/${row.id}/original` };
  }

  it("serves a letter's PNG scan inline as image/png", async () => {
    const { s, url } = await letterWith({ filename: 'brief.png', type: 'image/png', content: PNG });
    const res = await getPage(t.app, s, url);
    assertInline(res, 'image/png', 'png');
    assert.ok(res.rawPayload.equals(PNG));
    // The correspondence page offers to view it (a link without `download`), beside the download.
    const page = await getPage(t.app, s, url.replace(/\/original$/, ''));
    assert.equal(page.statusCode, 200);
    assert.ok(
      page.body.includes(`<a href="${url}" target="_blank" rel="noopener" hx-boost="false">View</a>`),
      'a View link',
    );
  });

  it("serves a letter's PDF scan inline as application/pdf", async () => {
    const { s, url } = await letterWith({ filename: 'lettre.pdf', type: 'application/pdf', content: PDF });
    const res = await getPage(t.app, s, url);
    assertInline(res, 'application/pdf', 'pdf');
    assert.ok(res.rawPayload.equals(PDF));
  });

  it('shows a PDF attachment inline; an HTML file named .pdf and the raw e-mail stay downloads', async () => {
    const s = await sessionFor(t.ctx, agent);
    const { itemId } = await addInboxItem(t.ctx, {
      attachments: [
        { filename: 'facture.pdf', contentType: 'application/pdf', content: PDF.toString('latin1') },
        { filename: 'scan.pdf', contentType: 'application/pdf', content: '<script>alert(1)</script>' },
      ],
    });
    assertInline(await getPage(t.app, s, `/inbox/${itemId}/attachments/0`), 'application/pdf', 'pdf');
    const item = await getPage(t.app, s, `/inbox/${itemId}`);
    assert.match(item.body, /aria-label="View facture.pdf">View<\/a>/, 'the PDF attachment has a View link');
    const html = await getPage(t.app, s, `/inbox/${itemId}/attachments/1`);
    assertDownload(html);
    assert.equal(html.headers['content-type'], 'application/octet-stream');
    assertDownload(await getPage(t.app, s, `/inbox/${itemId}/original`));
  });
});
