// The chat page: after an answer arrives, empty the box for the next question and bring the answer
// into view (the page works without this: the form then loads a page of its own).
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id !== "conversation") return;
  var box = document.getElementById("ask-q");
  if (box) box.value = "";  // (not form.reset(): a shared location stays for the next question)
  var last = event.target.lastElementChild;
  if (last) last.scrollIntoView({ block: "start" });
});

