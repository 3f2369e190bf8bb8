// "Copier" buttons: <button data-copy-target="id-of-input"> copies that field's value.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyTarget);
  const status = document.getElementById(button.dataset.copyStatus);
  try {
    await navigator.clipboard.writeText(field.value || field.textContent);
    if (status) status.textContent = button.dataset.copiedText;
  } catch {
    field.select?.();
    if (status) status.textContent = button.dataset.failedText;
  }
});
