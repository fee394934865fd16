// Warn before leaving a form with unsaved changes (forms marked data-warn-unsaved).
(function () {
  let dirty = false;
  document.addEventListener("input", function (e) {
    if (e.target.closest("form[data-warn-unsaved]")) dirty = true;
  });
  document.addEventListener("submit", function (e) {
    if (e.target.matches("form[data-warn-unsaved]")) dirty = false;
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
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
