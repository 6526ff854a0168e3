// The viewer of originals (src/adapters/http/original-view.ts) parses and sanitises off the thread that answers
// HTTP, within a budget: a message that costs more than the budget is shown as too complex instead of freezing
// the web app, the thread stays free meanwhile, and an ordinary message is still shown afterwards. A message of
// nested unclosed HTML (quadratic for HTML parsers) is shown, its nesting bounded first. The budget counts the
// view alone, not the start of the viewer's thread.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VIEW_BUDGET, viewOriginal } from '../../src/adapters/http/original-view.ts';
import { costlyHtmlMessage, nestedHtmlMessage } from './support/hostile-messages.ts';

const htmlMessage = Buffer.from(
  [
    'From: Marie <marie@example.net>',
    'To: complaint@example.org',
    'Subject: hello',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Bonjour <script>alert(1)</script><b>madame</b></p>',
    '',
  ].join('\r\n'),
);

describe('original viewer budget', () => {
  // First in this file: the viewer's thread starts with this view.
  it('counts none of the start of its thread against the first view', { timeout: 60_000 }, async () => {
    // Loading the parsers takes a few tenths of a second; showing an ordinary message, a few milliseconds.
    const budget = VIEW_BUDGET.ms;
    VIEW_BUDGET.ms = 100;
    try {
      const view = await viewOriginal(htmlMessage, null);
      assert.equal(view.tooComplex, undefined, 'shown, not taken for too complex');
      assert.match(view.html ?? '', /<b>madame<\/b>/);
    } finally {
      VIEW_BUDGET.ms = budget;
    }
  });

  it('shows a message over its budget as too complex while this thread keeps running', {
    timeout: 60_000,
  }, async () => {
    let ticks = 0;
    let ticksWhenDone = -1;
    const ticker = setInterval(() => ticks++, 5);
    // Two megabytes of short bold words take most of a second to parse and sanitise: far over a tenth of one.
    const budget = VIEW_BUDGET.ms;
    VIEW_BUDGET.ms = 100;
    const costly = costlyHtmlMessage(2 * 1024 * 1024, '<view-1@example.net>');
    try {
      const view = await viewOriginal(costly, null).finally(() => {
        ticksWhenDone = ticks;
      });
      assert.equal(view.tooComplex, true);
      assert.equal(view.html, null);
      assert.ok(ticksWhenDone > 0, 'timers of this thread ran while the message was being parsed');
      // Asked again (the page and its frame both ask), it is not parsed again.
      const again = await viewOriginal(costly, null);
      assert.equal(again.tooComplex, true);
    } finally {
      clearInterval(ticker);
      VIEW_BUDGET.ms = budget;
    }
    const ordinary = await viewOriginal(htmlMessage, null);
    assert.equal(ordinary.tooComplex, undefined);
    assert.match(ordinary.html ?? '', /<b>madame<\/b>/);
    assert.doesNotMatch(ordinary.html ?? '', /script/);
  });

  it('shows a message of nested unclosed tags within the budget', { timeout: 60_000 }, async () => {
    const view = await viewOriginal(nestedHtmlMessage(2 * 1024 * 1024, '<view-2@example.net>'), null);
    assert.equal(view.tooComplex, undefined);
    assert.match(view.html ?? '', /^<div><span><b><i><div>/, 'shown, sanitised (no font tags)');
  });
});
