// Kinerja: behaviour every page shares. No inline handlers (the CSP forbids them).
// A select marked .js-autosubmit submits its form when changed; its button is then redundant.
document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
  var button = select.form && select.form.querySelector(".js-autosubmit-button");
  if (button) button.classList.add("visually-hidden");
  select.addEventListener("change", function () { select.form.submit(); });
});
