/*
 * ui.js: small behaviours declared in the markup, loaded by base.html on every page (the
 * Content-Security-Policy allows no inline script or onclick="…" attribute).
 *
 *   <form data-confirm="Supprimer … ?">  asks that question before the form is sent.
 *   <button type="button" data-print>    prints the page.
 */
(function (document) {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})(document);
