// Bounding how deep an HTML body nests before it is parsed. The HTML parser behind html-to-text and
// sanitize-html (htmlparser2) keeps its open elements in an array that it grows from the front, so every tag
// opened inside N open elements costs N: a body of unclosed nested tags (`<div><span><b>…` a million times)
// costs time that grows with the square of its size, minutes for two megabytes. No message a person writes
// nests anywhere near as deep as the bounds below, so tags opened beyond them (and their end tags) are left
// out and their text kept: a hostile body then costs time in proportion to its size, an ordinary one is
// untouched.
//
// The scan mirrors what the parser does with the stack (void elements, elements that an opening sibling
// closes, raw-text elements such as <script> whose content is not markup) closely enough that its depth is
// never below the parser's; it is a bound on cost, not an HTML parser, and it never drops text.

/** Open elements beyond this depth are left out; html-to-text reads no deeper than 200 anyway. */
export const MAX_HTML_DEPTH = 128;
/**
 * Quotes and lists nested beyond this are left out too: html-to-text indents or prefixes every line of their
 * content once per level, so their cost grows with their depth times the text inside. Sixteen levels of
 * quotes is already a long thread.
 */
export const MAX_INDENT_DEPTH = 16;
const INDENTING = new Set(['blockquote', 'ul', 'ol', 'dl']);

/** Elements that never have content (no end tag, never on the parser's stack). */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is text up to their end tag, never markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/** An element that an opening tag of these names closes when it is the innermost one (as the parser does). */
const CLOSED_BY: Record<string, ReadonlySet<string>> = {
  p: new Set(['p']),
  li: new Set(['li']),
  dt: new Set(['dt', 'dd']),
  dd: new Set(['dt', 'dd']),
  option: new Set(['option']),
  optgroup: new Set(['optgroup', 'option']),
  tr: new Set(['tr', 'th', 'td']),
  td: new Set(['td', 'th']),
  th: new Set(['td', 'th']),
  tbody: new Set(['thead', 'tbody']),
  tfoot: new Set(['thead', 'tbody']),
  rt: new Set(['rt', 'rp']),
  rp: new Set(['rt', 'rp']),
};

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 58;

/** Where the tag that begins at `from` (just after its name) ends: after its `>`, quotes respected. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return html.length;
}

/**
 * The HTML with the tags opened deeper than `maxDepth` left out (with their end tags); the very same string
 * when nothing is that deep, which is every message a person writes.
 */
export function boundNesting(html: string, maxDepth = MAX_HTML_DEPTH): string {
  const stack: string[] = [];
  /** Quotes and lists open now. */
  let indents = 0;
  const pop = () => {
    if (INDENTING.has(stack.pop()!)) indents--;
  };
  const popTo = (length: number) => {
    while (stack.length > length) pop();
  };
  /** End tags still to leave out, per element name (their start tags were left out). */
  const dropped = new Map<string, number>();
  /** The pieces kept so far, once something is left out (until then the HTML stays as it is). */
  const kept: string[] = [];
  let cutSomething = false;
  let copiedUntil = 0;
  const leaveOut = (from: number, to: number) => {
    cutSomething = true;
    // Tags left out one after the other are one cut.
    if (from > copiedUntil) kept.push(html.slice(copiedUntil, from));
    copiedUntil = to;
  };
  let lower: string | null = null;

  let i = html.indexOf('<');
  while (i >= 0 && i < html.length - 1) {
    const next = html.charCodeAt(i + 1);
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close < 0 ? html.length : html.indexOf('<', close + 3);
      continue;
    }
    if (next === 33 || next === 63) {
      // <!DOCTYPE …>, <![CDATA[…]]>, <?…?>: no element.
      const close = html.indexOf('>', i + 2);
      i = close < 0 ? html.length : html.indexOf('<', close + 1);
      continue;
    }
    const closing = next === 47;
    let n = closing ? i + 2 : i + 1;
    if (!isNameStart(html.charCodeAt(n))) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const nameStart = n;
    while (n < html.length && isNameChar(html.charCodeAt(n))) n++;
    const name = html.slice(nameStart, n).toLowerCase();
    const end = tagEnd(html, n);

    if (closing) {
      // The elements left out were the innermost ones, so their end tags come first.
      if ((dropped.get(name) ?? 0) > 0) {
        dropped.set(name, dropped.get(name)! - 1);
        leaveOut(i, end);
      } else if (stack[stack.length - 1] === name) pop();
      else {
        const at = stack.lastIndexOf(name);
        if (at >= 0) popTo(at);
      }
      i = html.indexOf('<', end);
      continue;
    }

    const selfClosing = html.charCodeAt(end - 2) === 47;
    const closes = CLOSED_BY[name];
    while (closes && stack.length > 0 && closes.has(stack[stack.length - 1]!)) pop();
    let resume = end;
    if (RAW_TEXT.has(name)) {
      // Its content is not markup: go on after its end tag (the element itself is never left open).
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${name}`, end);
      resume = close < 0 ? html.length : close;
    } else if (!VOID.has(name) && !selfClosing) {
      const indenting = INDENTING.has(name);
      if (stack.length >= maxDepth || (indenting && indents >= MAX_INDENT_DEPTH)) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        leaveOut(i, end);
      } else {
        stack.push(name);
        if (indenting) indents++;
      }
    }
    i = html.indexOf('<', resume);
  }
  if (!cutSomething) return html;
  kept.push(html.slice(copiedUntil));
  return kept.join('');
}
