/* Behaviour shared by every page, loaded by base.html. The Content-Security-Policy refuses inline
   scripts and event handlers (onchange=, onclick=), so templates mark elements with data
   attributes and this file wires them up:
     data-autosubmit            submits its form when its value changes (filters, language)
     data-check-all="SELECTOR"  a checkbox that ticks or clears every checkbox matching SELECTOR */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
    if (target.matches("[data-check-all]")) {
      document.querySelectorAll(target.dataset.checkAll).forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });
})();
