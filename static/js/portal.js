// Warn before leaving a form with unsaved changes (forms marked data-warn-unsaved). A row that
// saves itself (data-autosave) counts while it holds typing not yet saved: from the first
// keystroke until its save answers, or while the answer shows it refused (data-dirty).
(function () {
  let dirty = false;
  let submitted = false;
  document.addEventListener("input", function (e) {
    const row = e.target.closest("[data-autosave]");
    if (row) {
      row.dataset.dirty = "1";
      row.dataset.edits = String(Number(row.dataset.edits || 0) + 1);
    } else if (e.target.closest("form[data-warn-unsaved]")) {
      dirty = true;
    }
  });
  document.addEventListener("submit", function (e) {
    if (e.target.matches("form[data-warn-unsaved]")) submitted = true;
  });
  window.addEventListener("beforeunload", function (e) {
    if (!submitted && (dirty || document.querySelector("[data-autosave][data-dirty]"))) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  // A row saves itself when the focus leaves its fields after a change: once per visit, not
  // once per field (a ratio's numerator is not saved alone while the officer moves on to its
  // denominator); its links (evidence, history) are outside. The row's htmx attributes send
  // `row-leave` to its save.
  document.addEventListener("focusout", function (e) {
    const row = e.target.closest("[data-autosave]");
    const next = e.relatedTarget;
    if (!row || row.dataset.dirty !== "1") return;
    if (next && row.contains(next) && next.matches("input, select, textarea")) return;
    row.dataset.sent = row.dataset.edits || "0";
    if (window.htmx) window.htmx.trigger(row, "row-leave");
  });

  // The officer came back and typed while the row's save was on its way: the answer would
  // replace what they are typing. Keep the typing; from a save, take only the row's new
  // version (the next save builds on it instead of conflicting with it). The row stays unsaved.
  document.addEventListener("htmx:beforeSwap", function (e) {
    const row = e.detail.target;
    if (!row || !row.matches || !row.matches("[data-autosave]") || row.dataset.sent === (row.dataset.edits || "0")) return;
    e.detail.shouldSwap = false;
    const answer = new DOMParser().parseFromString(e.detail.serverResponse, "text/html");
    const version = answer.querySelector("[data-row-saved]") && answer.querySelector("input[name$='-version']");
    const mine = row.querySelector("input[name$='-version']");
    if (version && mine) mine.value = version.value;
  });
})();

// Selects that submit their form on change (the language switcher). No inline handlers:
// the Content-Security-Policy allows scripts from our own files only.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});

// Confirmations: a link to the action's confirmation page (which works without scripts)
// opens the same statement and form in a <dialog> on the page instead.
document.querySelectorAll("a[data-confirm-dialog]").forEach(function (link) {
  const dialog = document.getElementById(link.dataset.confirmDialog);
  if (!dialog || typeof dialog.showModal !== "function") return;
  link.addEventListener("click", function (e) {
    e.preventDefault();
    dialog.showModal();
  });
});
