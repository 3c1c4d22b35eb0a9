// Influence explorer view. The same module runs live (anywidget model) and on the
// static page (a small stand-in model, see threeway.py). Every data value goes in
// through textContent or a checked attribute, never as markup.
const ALL = "";

function make(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function uid(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

function labelled(labelText, control) {
  const wrap = make("div", null, "hs-field");
  const label = make("label", labelText);
  control.id = uid("hs-ctl");
  label.htmlFor = control.id;
  wrap.append(label, control);
  return wrap;
}

function selectOf(options, value) {
  const select = document.createElement("select");
  // Chromium restores a form control's old value after Back, once the view has drawn: the
  // view would contradict itself. The model is the one source of the controls' values.
  select.autocomplete = "off";
  for (const [val, text] of options) {
    const opt = make("option", text);
    opt.value = val;
    select.append(opt);
  }
  select.value = value;
  return select;
}

// The filtering rule; hersmell.widgets.explorer.InfluenceExplorer.visible_ids mirrors it.
function visible(model) {
  const q = model.get("query").trim().toLowerCase();
  const f = (k) => model.get(k);
  return model.get("influences").filter((r) =>
    (f("theme") === ALL || r.themes.includes(f("theme"))) &&
    (f("kind") === ALL || r.kind === f("kind")) &&
    (f("decade") === ALL || r.decade === f("decade")) &&
    (f("raised_by") === ALL || r.raised_by === f("raised_by")) &&
    (!q || r.title.toLowerCase().includes(q)));
}

function related(model, rec) {
  const mine = new Set([...rec.themes, ...rec.acts]);
  return model.get("influences")
    .filter((r) => r.id !== rec.id)
    .map((r) => ({ r, shared: [...r.themes, ...r.acts].filter((x) => mine.has(x)) }))
    .filter(({ shared }) => shared.length > 0);
}

function render({ model, el }) {
  const influences = model.get("influences");
  const byId = new Map(influences.map((r) => [r.id, r]));
  const names = new Map([...model.get("themes"), ...model.get("acts")].map((x) => [x.id, x.title]));
  const passages = model.get("passages");
  const distinct = (key) => [...new Set(influences.map((r) => r[key]))].sort();
  const compact = model.get("compact");
  const RAISED_BY = model.get("raised_by_labels");

  // ---- controls
  const search = document.createElement("input");
  search.type = "search";
  search.value = model.get("query");
  search.autocomplete = "off";
  const filters = {
    theme: selectOf([[ALL, "All themes"], ...model.get("themes").map((t) => [t.id, t.title])], model.get("theme")),
    kind: selectOf([[ALL, "All kinds"], ...distinct("kind").map((k) => [k, k.replace("-", " ")])], model.get("kind")),
    decade: selectOf([[ALL, "All decades"], ...distinct("decade").map((d) => [d, d])], model.get("decade")),
    raised_by: selectOf([[ALL, "Anyone"], ...Object.entries(RAISED_BY)], model.get("raised_by")),
  };
  const controls = make("div", null, "hs-controls");
  controls.append(labelled("Search by title", search));
  if (!compact) {
    controls.append(labelled("Theme", filters.theme), labelled("Kind", filters.kind),
      labelled("Decade", filters.decade), labelled("Brought up by", filters.raised_by));
  }
  const list = document.createElement("select");
  list.size = compact ? 6 : 10;
  list.className = "hs-list";
  list.autocomplete = "off";
  const status = make("p", "", "hs-status");
  status.setAttribute("aria-live", "polite");
  // The context card: a region named by its heading; a change of the shown influence is
  // announced in one short sentence (the card itself is not live: it would read everything).
  const card = make("section", null, "hs-card");
  const cardTitleId = uid("hs-card-title");
  card.setAttribute("aria-labelledby", cardTitleId);
  const announce = make("p", "", "hs-visually-hidden");
  announce.setAttribute("aria-live", "polite");
  let announced = null;
  const layout = make("div", null, "hs-explorer-layout");
  const left = make("div", null, "hs-explorer-list");
  left.append(labelled("Influence", list), status);
  layout.append(left, card, announce);

  // ---- drawing
  function drawList() {
    const shown = visible(model);
    list.replaceChildren(...shown.map((r) => {
      const opt = make("option", r.year ? `${r.title} (${r.year})` : r.title);
      opt.value = r.id;
      opt.title = opt.textContent;  // the whole title, where a narrow list box cuts it
      return opt;
    }));
    list.value = model.get("influence");
    status.textContent = shown.length
      ? `${shown.length} of ${influences.length} influences`
      : `No influence matches these filters (of ${influences.length}).`;
    return shown;
  }

  function fact(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(make("dt", term));
    const dd = make("dd");
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    dl.append(dd);
  }

  // Say which influence the card now shows when it changes (not on first drawing; when none
  // matches, the list's status already says so).
  function tell(text, speak = true) {
    if (speak && announced !== null && announced !== text) announce.textContent = text;
    announced = text;
  }

  function drawEmpty() {
    const title = make("h3", "No influence matches", "hs-card-title");
    title.id = cardTitleId;
    const hint = make("p", "Nothing passes these filters. Clear the search or widen a filter to see influences again.");
    const clear = make("button", "Clear the filters", "hs-clear");
    clear.type = "button";
    clear.addEventListener("click", () => {
      for (const key of ["theme", "kind", "decade", "raised_by", "query"]) set(key, ALL);
      list.focus();
    });
    card.classList.add("hs-card-empty");
    card.replaceChildren(title, hint, clear);
    tell("", false);
  }

  function drawCard() {
    const rec = byId.get(model.get("influence"));
    if (!rec || !visible(model).some((r) => r.id === rec.id)) { drawEmpty(); return; }
    card.classList.remove("hs-card-empty");
    const title = make("h3", rec.title, "hs-card-title");
    title.id = cardTitleId;
    const dl = make("dl", null, "hs-facts");
    fact(dl, "Kind", rec.kind.replace("-", " "));
    fact(dl, "Year", rec.year);
    fact(dl, "Creator", rec.creator);
    fact(dl, "Brought up by", RAISED_BY[rec.raised_by] || rec.raised_by);
    fact(dl, "What it is", rec.summary);
    fact(dl, "Bearing on Her Smell", rec.bearing);
    if (/^https?:\/\//.test(rec.source)) {
      const a = make("a", rec.source);
      a.href = rec.source;
      a.rel = "noopener";
      fact(dl, "Source", a);
    } else {
      fact(dl, "Source", rec.source);
    }

    const table = make("table", null, "hs-table hs-passages");
    table.append(make("caption", "Passages that name it"));
    const head = table.createTHead().insertRow();
    for (const h of ["Passage", "Title", "Speaker"]) head.append(make("th", h));
    const body = table.createTBody();
    const href = model.get("passage_href");
    const rows = rec.passages.map((id) => ({ id, ...passages[id] })).sort((a, b) => a.order - b.order);
    for (const p of rows) {
      const tr = body.insertRow();
      const td = make("td");
      if (href) {
        const a = make("a", `Passage ${p.order}`);
        a.href = href.replace("{id}", encodeURIComponent(p.id));
        td.append(a);
      } else {
        td.textContent = `Passage ${p.order}`;
      }
      tr.append(td, make("td", p.title), make("td", p.speaker === "perry" ? "Alex Ross Perry" : "Interviewer"));
    }

    const links = make("p", null, "hs-links");
    links.append(make("strong", "Themes: "), document.createTextNode(rec.themes.map((t) => names.get(t)).join(", ") || "none"));
    const acts = make("p", null, "hs-links");
    acts.append(make("strong", "Acts: "), document.createTextNode(rec.acts.map((a) => names.get(a)).join(", ") || "none named"));

    const rel = related(model, rec);
    const relWrap = make("div", null, "hs-related");
    relWrap.append(make("p", `Related influences (${rel.length}), sharing a theme or an act:`, "hs-related-title"));
    const ul = make("ul");
    for (const { r, shared } of rel) {
      const li = make("li");
      const button = make("button", r.title);
      button.type = "button";
      button.dataset.influence = r.id;
      button.addEventListener("click", () => follow(r.id));
      li.append(button, document.createTextNode(` (${shared.map((s) => names.get(s)).join(", ")})`));
      ul.append(li);
    }
    relWrap.append(ul);
    card.replaceChildren(title, dl, table, links, acts, relWrap);
    tell(`Showing ${rec.title}.`);
  }

  function set(key, value) {
    model.set(key, value);
    model.save_changes();
  }

  // When filters hide the chosen influence, move to the first one still shown.
  function refilter() {
    const shown = drawList();
    if (shown.length && !shown.some((r) => r.id === model.get("influence"))) {
      set("influence", shown[0].id);
    } else {
      drawCard();  // the same influence, or none matching: the card says which
    }
  }

  // Following a related influence: show it, clearing filters that would hide it.
  function follow(id) {
    if (!visible(model).some((r) => r.id === id)) {
      for (const key of ["theme", "kind", "decade", "raised_by", "query"]) set(key, ALL);
    }
    set("influence", id);
    list.focus();
  }

  search.addEventListener("input", () => set("query", search.value));
  for (const [key, select] of Object.entries(filters)) {
    select.addEventListener("change", () => set(key, select.value));
  }
  list.addEventListener("change", () => set("influence", list.value));

  for (const key of ["theme", "kind", "decade", "raised_by", "query"]) {
    model.on(`change:${key}`, () => {
      if (key === "query") { if (search.value !== model.get("query")) search.value = model.get("query"); }
      else filters[key].value = model.get(key);
      refilter();
    });
  }
  model.on("change:influence", () => { drawList(); drawCard(); });

  // If the browser put other values into the controls than the model holds (a page restored
  // by Back or Forward), what the reader sees wins: the model takes the controls' values and
  // everything drawn from it follows.
  function resync() {
    if (search.value !== model.get("query")) set("query", search.value);
    for (const [key, select] of Object.entries(filters)) {
      if (select.value !== model.get(key)) set(key, select.value);
    }
    if (list.value && list.value !== model.get("influence")) set("influence", list.value);
  }
  window.addEventListener("pageshow", resync);

  el.classList.add("hs-explorer");
  el.replaceChildren(controls, layout);
  drawList();
  drawCard();
  return () => window.removeEventListener("pageshow", resync);
}

export default { render };
