// The free reply's preview works as the answer's: its button asks htmx for the preview alone (hx-post to the
// preview, the preview as target, multipart), so that with scripts only the preview is replaced and the files
// chosen stay in the form. Without that, htmx's page-wide boost sent the form as a whole and replaced the page,
// and the files were gone even with scripts on. The route answers such a request with the preview fragment
// alone; files it would refuse bring the whole page back (told to htmx), with their sentence at the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { openComplaint, PDF, postMultipart } from '../support/staff.ts';

/** The attributes of a form's preview button (the submit button whose formaction is the preview), by name. */
function previewButton(page: string, caseId: string, form: 'answer' | 'reply'): Map<string, string> {
  const buttons = [...page.matchAll(/<button\b([^>]*)>/g)].map((m) => m[1]!);
  const button = buttons.find(
    (b) => b.includes(`formaction="/cases/${caseId}/${form}/preview`) && !/\bname="insert"/.test(b),
  );
  assert.ok(button, `the ${form}'s preview button`);
  return new Map([...button.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

const htmxAttributes = (b: Map<string, string>) => new Map([...b].filter(([k]) => k.startsWith('hx-')));

for (const engine of ENGINES) {
  describe(`the free reply's preview is asked by htmx as the answer's is, on ${engine}`, () => {
    let t: TestApp;
    let s: TestSession;

    before(async () => {
      t = await createTestApp({ engine });
      s = await sessionFor(
        t.ctx,
        await createUser(t.ctx, 'agent', { email: 'preview@example.org', language: 'en' }),
      );
    });
    after(async () => {
      await t?.close();
    });

    it('the reply’s preview button carries the answer’s htmx attributes, for its own preview', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const page = (await getPage(t.app, s, `/cases/${c.caseId}`)).body;
      const answer = htmxAttributes(previewButton(page, c.caseId, 'answer'));
      const reply = htmxAttributes(previewButton(page, c.caseId, 'reply'));
      assert.ok(answer.size > 0, 'the answer’s preview is asked by htmx');
      const expected = new Map(
        [...answer].map(([k, v]) => [
          k,
          v.replace('answer/preview', 'reply/preview').replace('#answer-', '#reply-'),
        ]),
      );
      assert.deepEqual(reply, expected);
      assert.equal(reply.get('hx-target'), '#reply-preview');
      assert.match(page, /<section id="reply-preview"/, 'the target is on the page');
    });

    it('an htmx request for the reply’s preview gets the preview alone', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const htmx = { 'hx-request': 'true', 'hx-target': 'reply-preview' };
      const res = await postMultipart(
        t.app,
        s,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: 'Your refund is on its way.' },
        [{ field: 'attachments', filename: 'refund.pdf', type: 'application/pdf', content: PDF }],
        htmx,
      );
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['hx-retarget'], undefined);
      assert.match(res.body, /^<section id="reply-preview"[^>]*>/);
      assert.match(res.body, /<pre class="mail-text" lang="en">[^<]*Your refund is on its way\./);
      assert.doesNotMatch(res.body, /<textarea|<form|<html/i, 'nothing of the form or the page');
      // Nothing written yet: the preview says what to do, still alone.
      const empty = await postMultipart(
        t.app,
        s,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: '' },
        [],
        htmx,
      );
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /^<section id="reply-preview"[\s\S]*Write your text, then choose Preview\./);
    });

    it('files it would refuse bring the whole page back, with their sentence at the field', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const res = await postMultipart(
        t.app,
        s,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: 'Your refund is on its way.' },
        [{ field: 'attachments', filename: 'notes.txt', type: 'text/plain', content: Buffer.from('hi') }],
        { 'hx-request': 'true', 'hx-target': 'reply-preview' },
      );
      assert.equal(res.statusCode, 422);
      assert.equal(res.headers['hx-retarget'], 'body');
      assert.equal(res.headers['hx-reswap'], 'innerHTML');
      assert.match(
        res.body,
        /id="reply-attachments-error">&quot;notes\.txt&quot; is not a PDF, PNG or JPEG file\./,
      );
      assert.match(res.body, />Your refund is on its way\.<\/textarea>/);
    });

    it('inserting a snippet still gives the whole form back (the text changes)', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const res = await postMultipart(
        t.app,
        s,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: 'Thank you.', snippet: 'no-such-snippet', insert: '1' },
        [],
        { 'hx-request': 'true', 'hx-target': 'reply-preview' },
      );
      assert.match(res.body, />Thank you\.<\/textarea>/);
      assert.match(res.body, /Choose one of the snippets offered\./);
    });
  });
}
