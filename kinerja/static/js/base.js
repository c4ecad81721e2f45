// Kinerja: behaviour every page shares. No inline handlers (the CSP forbids them).
// A field marked .js-autosubmit submits its form when changed; a .js-autosubmit-button in that
// form is then redundant (it stays for browsers without JavaScript).
document.querySelectorAll(".js-autosubmit").forEach(function (field) {
  var button = field.form && field.form.querySelector(".js-autosubmit-button");
  if (button) button.classList.add("visually-hidden");
  field.addEventListener("change", function () { field.form.submit(); });
});
// A checkbox marked .js-check-all ticks every box its data-check-all selector names.
document.querySelectorAll(".js-check-all").forEach(function (box) {
  box.addEventListener("change", function () {
    document.querySelectorAll(box.dataset.checkAll).forEach(function (c) { c.checked = box.checked; });
  });
});
// Progress bars carry their width as data-pct (no inline style: the CSP forbids it).
document.querySelectorAll("[data-pct]").forEach(function (bar) {
  bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.pct) || 0)) + "%";
});
// A table that scrolls sideways on a phone must be reachable by keyboard.
document.querySelectorAll(".table-responsive").forEach(function (box) {
  if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
});
