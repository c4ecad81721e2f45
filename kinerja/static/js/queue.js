/* Public queue pages, without inline script (CSP):
   - the waiting-room display chimes (WebAudio) when a new call or a recall arrives by htmx
     polling; browsers allow sound only after a touch, hence the "Aktifkan suara" button;
   - a kiosk ticket prints itself and the kiosk comes back after a few seconds;
   - the "Cetak tiket" button prints. */
(function () {
  "use strict";
  var audio = null;
  var lastCall = null;

  function chime() {
    if (!audio) { return; }
    var now = audio.currentTime;
    [[880, 0], [660, 0.45]].forEach(function (tone) {  // "ding-dong"
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, now + tone[1]);
      gain.gain.exponentialRampToValueAtTime(0.4, now + tone[1] + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + tone[1] + 0.9);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + tone[1]);
      osc.stop(now + tone[1] + 1);
    });
    document.body.setAttribute("data-chimed", String(Number(document.body.getAttribute("data-chimed") || 0) + 1));
  }

  function checkCalls() {
    var box = document.querySelector("[data-latest]");
    if (!box) { return; }
    var latest = box.getAttribute("data-latest");
    if (lastCall !== null && latest && latest !== lastCall) { chime(); }
    lastCall = latest;
  }

  function init() {
    var toggle = document.querySelector("[data-sound-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var Context = window.AudioContext || window.webkitAudioContext;
        if (!audio && Context) { audio = new Context(); }
        if (audio && audio.state === "suspended") { audio.resume(); }
        toggle.setAttribute("aria-pressed", "true");
        chime();
      });
    }
    checkCalls();
    document.body.addEventListener("htmx:afterSwap", checkCalls);

    var print = document.querySelector("[data-print-now]");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
    var back = document.body.getAttribute("data-return");
    if (document.body.getAttribute("data-print") === "1") {
      window.setTimeout(function () { window.print(); }, 300);
      if (back) { window.setTimeout(function () { window.location.assign(back); }, 15000); }
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
