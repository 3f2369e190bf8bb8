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
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
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
