// The fiche action's form: a searchable commune picker (tom-select, served by the app) and
// rows added or removed in the page for partners, milestones and budget lines. Without
// JavaScript the form still works: a plain list, and one empty row per list.
(function () {
  "use strict";

  function searchable(select) {
    if (typeof TomSelect === "undefined") return;
    // eslint-disable-next-line no-new
    new TomSelect(select, {
      plugins: ["remove_button"],
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: select.dataset.placeholder || "Rechercher…",
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = select.dataset.noResults || "Aucun résultat";
          return div;
        },
      },
    });
  }

  // The empty row's names, ids and labels carry « __prefix__ »: the new row takes its index.
  var NUMBERED = ["name", "id", "for", "aria-describedby", "aria-labelledby"];

  function renumber(row, index) {
    [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (el) {
      NUMBERED.forEach(function (attribute) {
        var value = el.getAttribute(attribute);
        if (value && value.indexOf("__prefix__") !== -1) {
          el.setAttribute(attribute, value.replace(/__prefix__/g, index));
        }
      });
    });
  }

  function formset(fieldset) {
    var prefix = fieldset.dataset.prefix;
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = fieldset.querySelector("template.formset-empty");
    var rows = fieldset.querySelector(".formset-rows");
    var add = fieldset.querySelector(".formset-add");
    if (!total || !template || !rows || !add) return;
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var row = template.content.firstElementChild.cloneNode(true);
      renumber(row, String(index));
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    });
    rows.addEventListener("click", function (event) {
      var drop = event.target.closest(".formset-drop");
      if (!drop) return;
      // An unsaved row: emptied and hidden, Django then ignores it (nothing changed in it).
      var row = drop.closest(".formset-row");
      row.querySelectorAll("input, select, textarea").forEach(function (input) {
        if (input.type === "checkbox") input.checked = false;
        else if (input.type !== "hidden") input.value = "";
      });
      row.hidden = true;
      add.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-search]").forEach(searchable);
    document.querySelectorAll("fieldset.formset").forEach(formset);
  });
})();
