// "Use my location" (a home-visit request, the Q&A's nearest point): the #locate button appears only where
// the browser can locate (the page works without it); it fills the form's #lat and #lng and says so in
// #locate-status, its messages translated in the button's data- attributes.
(function () {
  "use strict";
  var button = document.getElementById("locate");
  if (!navigator.geolocation || !button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var status = document.getElementById("locate-status");
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("lat").value = p.coords.latitude.toFixed(6);
      document.getElementById("lng").value = p.coords.longitude.toFixed(6);
      status.textContent = button.dataset.located;
    }, function () { status.textContent = button.dataset.unavailable; });
  });
})();
