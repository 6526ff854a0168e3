// The template editor's variables: a click on one puts it where the cursor is in the subject or the text, under
// the strict Content-Security-Policy (no inline script: this file is in every page's head, and listens on the
// document, so it works on an editor that htmx swapped in). The field typed in last is the one written to (the
// text when none was); the cursor ends after the variable, and an input event lets the live preview follow.
(() => {
  let lastField = null;

  document.addEventListener('focusin', (event) => {
    const field = event.target;
    if (
      (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) &&
      field.closest('[data-variable-targets]')
    )
      lastField = field;
  });

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-insert]') : null;
    if (!button) return;
    event.preventDefault();
    const targets = document.querySelector('[data-variable-targets]');
    if (!targets) return;
    const field =
      lastField && document.contains(lastField) && targets.contains(lastField)
        ? lastField
        : targets.querySelector('textarea');
    if (!field) return;
    const text = button.getAttribute('data-insert') ?? '';
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.focus();
    field.setRangeText(text, start, end, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
})();
