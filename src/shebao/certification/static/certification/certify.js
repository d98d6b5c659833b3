// Stands in for the phone app: ask for a nonce, sign the statement with the device key (WebCrypto
// Ed25519), send it to the attestation API every device uses. The statement is canonical JSON: keys
// sorted, no spaces, UTF-8 (as certification.attestation.canonical makes it on the server).
(function () {
  "use strict";
  var form = document.getElementById("certify-form");
  if (!form) { return; }
  var status = document.getElementById("certify-status");
  var d = form.dataset;

  function canonical(obj) {
    var keys = Object.keys(obj).sort();
    return "{" + keys.map(function (k) { return JSON.stringify(k) + ":" + JSON.stringify(obj[k]); }).join(",") + "}";
  }
  function b64(bytes) {
    var s = ""; var a = new Uint8Array(bytes);
    for (var i = 0; i < a.length; i++) { s += String.fromCharCode(a[i]); }
    return btoa(s);
  }
  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() }, body: JSON.stringify(body) });
  }
  function fail(message) { status.textContent = message || d.failed; status.classList.add("error"); }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    status.classList.remove("error");
    if (!window.crypto || !crypto.subtle) { fail(d.noCrypto); return; }
    try {
      var key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", d: d.keyD, x: d.keyX },
        { name: "Ed25519" }, false, ["sign"]);
      var photoInput = document.getElementById("photo");
      var photo = null;
      if (photoInput && photoInput.files.length) { photo = await photoInput.files[0].arrayBuffer(); }
      var nonceResponse = await post(d.nonceUrl, { device: d.device });
      var nonceBody = await nonceResponse.json();
      if (!nonceResponse.ok) { fail(nonceBody.error && nonceBody.error.message); return; }
      var payload = { device: d.device, nonce: nonceBody.nonce, person: d.person, time: new Date().toISOString(),
        method: "face", score: "0.9600", place: "手机App" };
      if (d.relative) { payload.relative = d.relative; }
      if (photo) { payload.photo_sha256 = hex(await crypto.subtle.digest("SHA-256", photo)); }
      var signature = await crypto.subtle.sign({ name: "Ed25519" }, key, new TextEncoder().encode(canonical(payload)));
      var body = { payload: payload, signature: b64(signature) };
      if (photo) { body.photo = b64(photo); }
      var response = await post(d.attestUrl, body);
      if (response.status === 201) { window.location.assign(d.doneUrl); return; }
      var error = await response.json();
      fail(error.error && error.error.message);
    } catch (e) {
      fail(d.failed);
    }
  });
  // Ready: the button was disabled so that a tap before this script loaded could not send the form away.
  form.querySelector("[type=submit]").disabled = false;
}());
