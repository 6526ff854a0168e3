// Where a person may be sent after signing in or switching language: a path on this site, never another one.
// Browsers read a Location header generously (they drop tabs and newlines, take "\" for "/", and a path that
// starts with "//" names another host), so the target is read with the WHATWG URL parser, as a browser would,
// and accepted only when it stays on our origin; the path handed back is the parser's own, normalised form.

/** A stand-in origin: any value works, since only "is it the same origin as this" is asked. */
const HERE = 'https://redress.invalid';
const MAX_LENGTH = 500;

/** A same-origin path (with its query and fragment) for `next`, or `fallback` when `next` could leave the site. */
export function safeRedirectPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return fallback;
  // Control characters, spaces and backslashes have no place in our own paths, and browsers rewrite them.
  if (/[\p{Cc}\s\\]/u.test(next)) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//host" resolves to the path "//host", which a browser would take as another host.
  if (!path.startsWith('/') || path.startsWith('//') || path.length > MAX_LENGTH) return fallback;
  return path;
}
