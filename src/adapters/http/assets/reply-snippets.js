// Inserting a snippet into a free reply where the cursor is, under the strict Content-Security-Policy (no inline
// script: this file is in every page's head and listens on the document, so it also works on a form that htmx
// swapped in). Without scripts the same button sends the form and the server adds the snippet at the end of the
// text (cases.routes.ts); with them, the snippet's text (kept beside the form, one element per snippet offered)
// replaces the selection or goes in at the cursor, the cursor ends after it, and the text keeps the focus so
// that the person writes on. A text never placed in puts the snippet at its end, as the server does.
(() => {
  const placed = new WeakSet();

  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLTextAreaElement) placed.add(event.target);
  });

  document.addEventListener('click', (event) => {
    const button =
      event.target instanceof Element ? event.target.closest('button[data-snippet-insert]') : null;
    if (!button) return;
    const form = button.closest('form');
    const select = form?.querySelector('select[name="snippet"]');
    const field = form?.querySelector('textarea[name="text"]');
    if (!(select instanceof HTMLSelectElement) || !(field instanceof HTMLTextAreaElement)) return;
    // The element carrying the chosen snippet's text; none (no choice): the server says what to do.
    const source = Array.from(form.querySelectorAll('[data-snippet-id]')).find(
      (el) => el.getAttribute('data-snippet-id') === select.value,
    );
    if (!select.value || !source) return;
    event.preventDefault();
    const body = source.getAttribute('data-snippet-body') ?? '';
    field.focus();
    if (placed.has(field) && typeof field.selectionStart === 'number') {
      field.setRangeText(body, field.selectionStart, field.selectionEnd ?? field.selectionStart, 'end');
    } else {
      const had = field.value.replace(/\s+$/, '');
      field.value = had ? `${had}\n\n${body}` : body;
      field.setSelectionRange(field.value.length, field.value.length);
    }
    placed.add(field);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
})();
