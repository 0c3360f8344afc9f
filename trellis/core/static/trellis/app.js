// Trellis's own script, loaded from the site (the Content-Security-Policy allows no inline
// script): a select marked data-autosubmit sends its form as soon as it changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && "autosubmit" in field.dataset && field.form) {
    field.form.requestSubmit();
  }
});
