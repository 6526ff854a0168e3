import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { boundNesting, MAX_HTML_DEPTH, MAX_INDENT_DEPTH } from './html-nesting.ts';
import { htmlToReadableText } from './parse-mime.ts';

/** The text of some HTML with every tag taken out (what no bound may lose). */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '');

/** How deep elements nest in HTML of non-void tags (an end tag closes the innermost element of its name). */
function depthOf(html: string): number {
  const stack: string[] = [];
  let most = 0;
  for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (!m[1]) stack.push(m[2]!);
    else if (stack.lastIndexOf(m[2]!) >= 0) stack.length = stack.lastIndexOf(m[2]!);
    most = Math.max(most, stack.length);
  }
  return most;
}

describe('bounding the nesting of HTML', () => {
  it('returns an ordinary body as it is', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><div><p>Bonjour<br>madame</p><blockquote><p>citation</p></blockquote><table><tr><td>a<td>b</table><!-- <div><div> --></body></html>';
    assert.equal(boundNesting(html), html);
  });

  it('leaves out the tags opened too deep and keeps every word', () => {
    const deep = `${'<div><span>'.repeat(500)}fin`;
    const bounded = boundNesting(deep);
    assert.equal(depthOf(bounded), MAX_HTML_DEPTH);
    assert.equal(textOf(bounded), 'fin');
    assert.equal(htmlToReadableText(deep), 'fin');
  });

  it('bounds quotes and lists more tightly (their cost grows with depth times text)', () => {
    const quotes = `${'<blockquote>'.repeat(40)}texte${'</blockquote>'.repeat(40)}<p>après</p>`;
    const bounded = boundNesting(quotes);
    assert.equal(depthOf(bounded), MAX_INDENT_DEPTH);
    assert.equal(textOf(bounded), 'texteaprès');
    assert.match(htmlToReadableText(quotes), /^(> ){15}>? ?texte\s+après$/);
  });

  it('does not count the content of script and style, comments, or elements that siblings close', () => {
    const html = `<style>${'<div>'.repeat(300)}</style><!--${'<div>'.repeat(300)}-->${'<p>a'.repeat(300)}${'<li>b'.repeat(300)}`;
    assert.equal(boundNesting(html), html);
  });

  it('never loses text and never nests deeper than the bound, whatever the tags (property)', () => {
    const tag = fc.constantFrom('div', 'span', 'b', 'blockquote', 'ul', 'li', 'p', 'td', 'tr', 'br', 'img');
    const token = fc.oneof(
      tag.map((t) => `<${t}>`),
      tag.map((t) => `</${t}>`),
      fc.constantFrom('a', 'bc', ' ', 'x y', '&amp;'),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 400 }), fc.integer({ min: 1, max: 20 }), (tokens, max) => {
        const html = tokens.join('');
        const bounded = boundNesting(html, max);
        assert.equal(textOf(bounded), textOf(html));
        // What is kept is the same tags in the same order, fewer of them.
        assert.ok(bounded.length <= html.length);
        if (depthOf(html) <= Math.min(max, MAX_INDENT_DEPTH) && !/<(?:br|img|p|li|td|tr)>/.test(html))
          assert.equal(bounded, html);
      }),
    );
    // Of elements that only their end tag closes, no more than the bound are ever open at once.
    const plain = fc.constantFrom('div', 'span', 'b', 'blockquote');
    const plainToken = fc.oneof(
      plain.map((t) => `<${t}>`),
      plain.map((t) => `</${t}>`),
      fc.constant('a'),
    );
    fc.assert(
      fc.property(
        fc.array(plainToken, { maxLength: 400 }),
        fc.integer({ min: 1, max: 20 }),
        (tokens, max) => {
          assert.ok(depthOf(boundNesting(tokens.join(''), max)) <= max);
        },
      ),
    );
  });
});

describe('HTML beyond what is read', () => {
  it('is cut quietly: nothing goes to the console, whatever a sender sends', () => {
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warned.push(args);
    try {
      const text = htmlToReadableText(`<p>${'a '.repeat(1_100_000)}</p>`);
      assert.ok(text.length > 1_000_000);
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warned, []);
  });
});
