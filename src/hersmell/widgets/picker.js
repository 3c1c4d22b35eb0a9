// TablePicker view: a labelled <select> and the table rows that match it.
// Runs unchanged in a live kernel (anywidget) and on the static page (see threeway.py).
// All text goes in through textContent, so data can never become markup.
function cell(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function render({ model, el }) {
  const id = `hs-select-${Math.random().toString(36).slice(2, 10)}`;
  const columns = model.get("columns");
  const key = model.get("key");
  const headers = model.get("headers") || columns;  // readers see labels, not column names
  const names = model.get("value_labels") || {};
  const shown = (c, v) => (names[c] && names[c][v]) || v;

  const label = cell("label", model.get("label"));
  label.htmlFor = id;
  const select = document.createElement("select");
  select.id = id;
  for (const option of model.get("options")) {
    const opt = cell("option", shown(key, option));
    opt.value = option;
    select.append(opt);
  }
  const status = cell("p", "");
  status.className = "hs-status";
  status.setAttribute("aria-live", "polite");

  const table = document.createElement("table");
  table.className = "hs-table";
  const caption = cell("caption", "");
  table.append(caption);
  const head = table.createTHead().insertRow();
  for (const h of headers) head.append(cell("th", h));
  const body = table.createTBody();

  function draw() {
    const value = model.get("value");
    select.value = value;
    const rows = model.get("rows").filter((r) => r[key] === value);
    body.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement("tr");
        for (const c of columns) tr.append(cell("td", shown(c, r[c])));
        return tr;
      }),
    );
    status.textContent = `${rows.length} row${rows.length === 1 ? "" : "s"} for ${shown(key, value)}`;
    caption.textContent = `${model.get("label")}: ${shown(key, value)}`;
  }

  select.addEventListener("change", () => {
    model.set("value", select.value);
    model.save_changes();
  });
  model.on("change:value", draw);

  const controls = document.createElement("div");
  controls.className = "hs-controls";
  controls.append(label, select);
  el.classList.add("hs-picker");
  el.replaceChildren(controls, status, table);
  draw();
}

export default { render };
