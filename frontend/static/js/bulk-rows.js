// The bulk update page: a row's "Date completed" shows only once Blue (completed) is
// chosen for it. Without JavaScript every row shows the date boxes, and the server
// still checks them (actions.ragb.rating_problems), so nothing depends on this.
for (const row of document.querySelectorAll("[data-bulk-completed]")) {
  const fieldset = row.closest("fieldset");
  const select = fieldset && fieldset.querySelector("[data-bulk-status] select");
  if (!select) {
    continue;
  }
  // A date already typed, or an error on it, stays in view whatever the rating.
  const typed = [...row.querySelectorAll("input")].some((input) => input.value);
  const hasError = row.querySelector(".govuk-form-group--error");
  const sync = () => {
    row.hidden = select.value !== "blue" && !typed && !hasError;
  };
  select.addEventListener("change", sync);
  sync();
}
