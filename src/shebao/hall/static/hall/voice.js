// 叫号 on the hall display: a chime, then each new call spoken twice, slowly. Only what the browser has
// (Web Audio for the chime, speechSynthesis for the words): nothing is downloaded. The words come from
// the server in the page's language (data-announce); data-call is the ticket and its call count, so a
// recall is a new call and a board refresh is not. Silent until someone turns the voice on.
(function () {
  "use strict";
  var KEY = "shebao.hall.voice";
  var SPEECH_LANGS = { "zh-hans": "zh-CN", "zh-hant": "zh-TW" };
  var RATE = 0.8; // slower than usual: many visitors are elderly
  var CHIME_MS = 1100;
  var PAUSE_MS = 700; // between the two repetitions
  var GUARD_MS = 20000; // some engines never say they have finished
  var page = document.documentElement.lang;
  var lang = SPEECH_LANGS[page] || page;
  var button = document.getElementById("voice-on");
  var AudioCtx = window.AudioContext || window.webkitAudioContext;
  var audio = null;
  var enabled = false;
  var seen = {};
  var queue = [];
  var busy = false;
  var utterance = null; // held, or some browsers collect it before it ends

  try { enabled = window.localStorage.getItem(KEY) === "on"; } catch (e) { /* storage off: ask */ }

  function context() {
    if (!audio && AudioCtx) audio = new AudioCtx();
    return audio;
  }

  function tone(ctx, hz, start, seconds) {
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(hz, start);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.4, start + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + seconds);
  }

  function chime() { // ding-dong
    var ctx = context();
    if (!ctx) return;
    if (ctx.state === "suspended" && ctx.resume) ctx.resume();
    tone(ctx, 880, ctx.currentTime, 0.45);
    tone(ctx, 660, ctx.currentTime + 0.45, 0.6);
  }

  function say(text, times, done) {
    var synth = window.speechSynthesis;
    if (!times || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
      done();
      return;
    }
    var over = false;
    var guard = setTimeout(next, GUARD_MS);
    function next() {
      if (over) return;
      over = true;
      clearTimeout(guard);
      if (times > 1) setTimeout(function () { say(text, times - 1, done); }, PAUSE_MS);
      else done();
    }
    utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.rate = RATE;
    utterance.onend = next;
    utterance.onerror = next;
    synth.speak(utterance);
  }

  function announceNext() {
    if (busy || !queue.length) return;
    busy = true;
    var text = queue.shift();
    chime();
    setTimeout(function () {
      say(text, 2, function () { busy = false; announceNext(); });
    }, CHIME_MS);
  }

  // Every call on the board is remembered; only those new since the last look are spoken, oldest first.
  function look(speak) {
    var fresh = [];
    document.querySelectorAll("#board [data-call]").forEach(function (el) {
      var call = el.getAttribute("data-call");
      if (seen[call]) return;
      seen[call] = true;
      fresh.unshift(el.getAttribute("data-announce"));
    });
    if (!speak || !enabled) return;
    queue.push.apply(queue, fresh);
    announceNext();
  }

  look(false); // what is on the board when the page opens has been called already
  document.body.addEventListener("htmx:afterSettle", function () { look(true); });

  if (!button || !(AudioCtx || window.speechSynthesis)) return;
  // Turned on before: the browser may still want a tap after a restart (its autoplay rule).
  button.hidden = enabled && !(AudioCtx && context().state === "suspended");
  button.addEventListener("click", function () {
    enabled = true;
    try { window.localStorage.setItem(KEY, "on"); } catch (e) { /* on for this page only */ }
    var ctx = context();
    if (ctx && ctx.resume) ctx.resume();
    button.hidden = true;
  });
})();
