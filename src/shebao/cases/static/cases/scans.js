// The scan viewer: zoom and turn a scanned picture in place (a phone photo is often sideways).
(function () {
  "use strict";
  function apply(viewer) {
    var img = viewer.querySelector("img");
    if (!img) return;
    img.style.transform = "scale(" + viewer.dataset.scale + ") rotate(" + viewer.dataset.turn + "deg)";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-scan-action]");
    if (!button) return;
    var viewer = button.closest("[data-scan-viewer]");
    var scale = parseFloat(viewer.dataset.scale || "1");
    var turn = parseInt(viewer.dataset.turn || "0", 10);
    var action = button.dataset.scanAction;
    if (action === "zoom-in") scale = Math.min(scale + 0.5, 4);
    if (action === "zoom-out") scale = Math.max(scale - 0.5, 0.5);
    if (action === "rotate") turn = (turn + 90) % 360;
    if (action === "reset") { scale = 1; turn = 0; }
    viewer.dataset.scale = String(scale);
    viewer.dataset.turn = String(turn);
    apply(viewer);
  });
})();
