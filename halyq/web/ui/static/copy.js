// Copy buttons: <button class="copy" data-copy="ID"> copies the text of element ID.
// A file of its own because the pages' Content-Security-Policy allows no inline script.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent).then(function () {
    button.classList.add("copied");
    button.setAttribute("aria-label", "Көшірілді / Скопировано");
  });
});
