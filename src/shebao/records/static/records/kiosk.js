// The self-service kiosk clears itself: after data-idle-seconds without a touch or a key, it posts the
// "finish" form (the server flushes the session) and wipes the fields at once, so nothing of the person
// stays on the screen even while the request is on its way.
(function () {
  "use strict";
  var kiosk = document.getElementById("kiosk");
  var end = document.getElementById("kiosk-end");
  if (!kiosk || !end) return;
  var seconds = parseInt(kiosk.dataset.idleSeconds, 10) || 60;
  var timer = null;
  function clear() {
    Array.prototype.forEach.call(kiosk.querySelectorAll("input:not([type=hidden])"), function (input) {
      input.value = "";
    });
    Array.prototype.forEach.call(kiosk.querySelectorAll(".greeting, iframe, [role=alert]"), function (el) {
      el.remove();
    });
    end.submit();
  }
  function reset() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(clear, seconds * 1000);
  }
  ["keydown", "pointerdown", "touchstart", "input"].forEach(function (name) {
    document.addEventListener(name, reset, { passive: true });
  });
  reset();
})();
