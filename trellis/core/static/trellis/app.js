// Trellis's own script, loaded from the site (the Content-Security-Policy allows no inline
// script): a select marked data-autosubmit sends its form as soon as it changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && "autosubmit" in field.dataset && field.form) {
    field.form.requestSubmit();
  }
});

// A long multiple choice (countries) marked data-searchable becomes a filterable list of
// checkboxes with the chosen ones shown as removable chips. Without script the plain
// multiple select still works; with it, the select stays the form's field underneath.
function searchable(select) {
  const picker = document.createElement("div");
  picker.className = "picker";
  const search = document.createElement("input");
  search.type = "search";
  search.placeholder = select.dataset.searchPlaceholder || "";
  search.setAttribute("aria-label", search.placeholder);
  const chosen = document.createElement("div");
  chosen.className = "picker-chosen";
  chosen.setAttribute("aria-live", "polite");
  const list = document.createElement("div");
  list.className = "picker-list";
  const boxes = [];
  const render = () => {
    chosen.replaceChildren(...Array.from(select.selectedOptions, (option) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = `${option.text} ×`;
      chip.setAttribute("aria-label", `${select.dataset.removeLabel || "Remove"}: ${option.text}`);
      chip.addEventListener("click", () => {
        option.selected = false;
        boxes[option.index].checked = false;
        render();
      });
      return chip;
    }));
  };
  for (const option of select.options) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = option.selected;
    box.addEventListener("change", () => {
      option.selected = box.checked;
      render();
    });
    label.append(box, ` ${option.text}`);
    label.dataset.text = `${option.text} ${option.value}`.toLowerCase();
    boxes.push(box);
    list.append(label);
  }
  search.addEventListener("input", () => {
    const query = search.value.trim().toLowerCase();
    for (const label of list.children) label.hidden = query !== "" && !label.dataset.text.includes(query);
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault(); // filtering, not submitting the form
  });
  select.hidden = true;
  select.after(picker);
  picker.append(search, chosen, list);
  render();
}
document.querySelectorAll("select[multiple][data-searchable]").forEach(searchable);

// Course modules: the time spent on the page goes with "mark as done" (the server caps it).
const loadedAt = Date.now();
document.querySelectorAll("input[data-seconds-since-load]").forEach((input) => {
  input.form.addEventListener("submit", () => {
    input.value = String(Math.round((Date.now() - loadedAt) / 1000));
  });
});

// The SCORM player: what the package in the sandboxed frame reports (through Trellis's API
// adapter) is stored with the learner's session, in order, one request at a time.
document.querySelectorAll("iframe[data-scorm-commit]").forEach((frame) => {
  const status = document.querySelector("[data-scorm-status]");
  const done = document.querySelector("[data-scorm-done]");
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  let queue = Promise.resolve();
  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || !event.data || event.data.trellis !== "scorm") return;
    const body = JSON.stringify({ values: event.data.values || {}, finish: !!event.data.finish });
    queue = queue.then(() =>
      fetch(frame.dataset.scormCommit, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf) },
        body,
        credentials: "same-origin",
      })
        .then((response) => response.json())
        .then((result) => {
          if (status) status.textContent = result.message || "";
          if (done && result.completed) done.hidden = false;
        })
        .catch(() => {
          if (status) status.textContent = frame.dataset.scormOffline || "";
        })
    );
  });
});
