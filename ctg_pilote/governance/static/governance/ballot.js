/*
 * ballot.js: while someone spreads their points, says how many are left (progressive
 * enhancement: the server checks the total anyway).
 * Markup: <p id="points-left" data-total="10" data-left-text="…" data-over-text="…" hidden>
 * and the inputs <input class="ballot-points">.
 */
(function (document) {
  "use strict";
  var out = document.getElementById("points-left");
  if (!out) {
    return;
  }
  var total = parseInt(out.getAttribute("data-total"), 10) || 0;
  var inputs = document.querySelectorAll("input.ballot-points");
  function update() {
    var used = 0;
    inputs.forEach(function (i) { used += parseInt(i.value || "0", 10) || 0; });
    var left = total - used;
    out.hidden = false;
    out.textContent = left >= 0
      ? out.getAttribute("data-left-text") + " " + left
      : out.getAttribute("data-over-text") + " " + (-left);
    out.className = left === 0 ? "fw-semibold text-success" : "fw-semibold text-danger";
  }
  inputs.forEach(function (i) { i.addEventListener("input", update); });
  update();
})(document);
