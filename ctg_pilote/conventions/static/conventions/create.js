// Choosing an EPCI in the results fills the hidden field and proposes a name.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-epci-siren]");
  if (!button) return;
  document.getElementById("id_epci").value = button.dataset.epciSiren;
  const selected = document.getElementById("epci-selected");
  selected.textContent = button.dataset.epciLabel;
  selected.classList.remove("d-none");
  const name = document.getElementById("id_name");
  if (!name.value) name.value = button.dataset.epciProposedName;
  document.getElementById("epci-results").replaceChildren();
  name.focus();
});
