// Self-check quiz view. The same module runs live (anywidget model) and on the static
// page (a small stand-in model, see threeway.py). Native radio buttons in a fieldset per
// question; choosing one shows its feedback, marked right or wrong, in an aria-live region.
// Every data value goes in through textContent, never as markup. Nothing is sent anywhere;
// the static page may keep the answers in this browser's localStorage.

function make(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

// Text with *Title* marks: the marked parts become <em>, everything else stays text.
function rich(node, text) {
  String(text || "").split(/\*([^*]+)\*/).forEach((part, i) => {
    if (part) node.append(i % 2 ? make("em", part) : document.createTextNode(part));
  });
  return node;
}

function passageLink(model, p, label) {
  const href = model.get("passage_href");
  const text = `${label} ${p.order}`;
  if (!href) return document.createTextNode(text);
  const a = make("a", text);
  a.href = href.replace("{id}", encodeURIComponent(p.id));
  return a;
}

// The scoring rule; hersmell.widgets.quiz.Quiz.score mirrors it.
function score(questions, answers) {
  const mc = questions.filter((q) => q.kind === "choice");
  const right = mc.filter((q) => (q.options.find((o) => o.letter === answers[q.id]) || {}).correct).length;
  const answered = mc.filter((q) => answers[q.id]).length;
  return { right, answered, total: mc.length };
}

function storage() {
  try { return window.localStorage; } catch (e) { return null; }  // blocked storage: no memory, still works
}

function render({ model, el }) {
  const questions = model.get("questions");
  const key = `hersmell-quiz-${model.get("theme")}`;
  const uid = `hs-quiz-${Math.random().toString(36).slice(2, 10)}`;
  const store = model.get("persist") ? storage() : null;

  function setAnswers(answers) {
    model.set("answers", answers);
    model.save_changes();
    if (store) {
      try {
        if (Object.keys(answers).length) store.setItem(key, JSON.stringify(answers));
        else store.removeItem(key);
      } catch (e) { /* full or blocked: the page still works */ }
    }
  }

  const blocks = new Map();  // question id -> {fieldset, inputs, feedback}
  const list = make("div", null, "hs-quiz-questions");
  for (const q of questions) {
    const fieldset = make("fieldset", null, "hs-quiz-q");
    fieldset.dataset.question = q.id;
    const legend = make("legend", null, "hs-quiz-stem");
    legend.append(make("span", `${q.number}. `, "hs-quiz-num"));
    rich(legend, q.stem);
    fieldset.append(legend);
    const block = { fieldset, inputs: [], feedback: null };
    if (q.kind === "choice") {
      const options = make("div", null, "hs-quiz-options");
      for (const o of q.options) {
        const label = make("label", null, "hs-quiz-option");
        label.dataset.option = o.letter;
        const input = document.createElement("input");
        input.type = "radio";
        input.name = `${uid}-${q.id}`;
        input.value = o.letter;
        input.addEventListener("change", () => {
          if (input.checked) setAnswers({ ...model.get("answers"), [q.id]: o.letter });
        });
        label.append(input, make("span", `(${o.letter}) `, "hs-quiz-letter"));
        // one flex item for the whole text, so a title in it is not spaced off like a column
        label.append(rich(make("span", null, "hs-quiz-text"), o.text));
        label.append(make("span", "", "hs-quiz-mark"));
        options.append(label);
        block.inputs.push(input);
      }
      block.feedback = make("div", null, "hs-quiz-feedback");
      block.feedback.setAttribute("aria-live", "polite");
      fieldset.append(options, block.feedback);
    } else {
      const label = make("label", "Your answer (for yourself: it is not checked or saved)", "hs-quiz-own");
      const area = document.createElement("textarea");
      area.rows = 3;
      area.id = `${uid}-${q.id}-text`;
      label.htmlFor = area.id;
      const details = make("details", null, "hs-quiz-model");
      details.append(make("summary", "Compare with a model answer"));
      details.append(rich(make("p"), q.model_answer));
      const where = make("p", "Passages: ", "hs-quiz-passages");
      q.passages.forEach((p, i) => { if (i) where.append(", "); where.append(passageLink(model, p, "passage")); });
      details.append(where);
      fieldset.append(label, area, details);
      block.inputs.push(area);
    }
    list.append(fieldset);
    blocks.set(q.id, block);
  }

  const footer = make("div", null, "hs-quiz-footer");
  const status = make("p", "", "hs-quiz-score");
  status.setAttribute("role", "status");
  const again = make("button", "Try again", "hs-quiz-reset");
  again.type = "button";
  again.addEventListener("click", () => {
    for (const block of blocks.values()) {
      for (const input of block.inputs) {
        if (input.type === "radio") input.checked = false; else input.value = "";
      }
    }
    setAnswers({});
    const first = list.querySelector("input, textarea");
    if (first) first.focus();
  });
  footer.append(status, again);

  function draw() {
    const answers = model.get("answers") || {};
    for (const q of questions) {
      if (q.kind !== "choice") continue;
      const block = blocks.get(q.id);
      const chosen = q.options.find((o) => o.letter === answers[q.id]);
      for (const input of block.inputs) input.checked = !!chosen && input.value === chosen.letter;
      for (const label of block.fieldset.querySelectorAll(".hs-quiz-option")) {
        const mine = chosen && label.dataset.option === chosen.letter;
        label.classList.toggle("hs-quiz-right", !!mine && chosen.correct);
        label.classList.toggle("hs-quiz-wrong", !!mine && !chosen.correct);
        label.querySelector(".hs-quiz-mark").textContent = mine ? (chosen.correct ? " ✓ right" : " ✗ wrong") : "";
      }
      if (!chosen) {
        block.fieldset.removeAttribute("data-mark");
        block.feedback.replaceChildren();
        continue;
      }
      block.fieldset.dataset.mark = chosen.correct ? "right" : "wrong";
      const p = make("p");
      p.append(make("strong", chosen.correct ? `Right: (${chosen.letter}). ` : `Not (${chosen.letter}). `, "hs-quiz-verdict"));
      p.append(rich(make("span", null, "hs-quiz-why"), chosen.feedback));
      p.append(" (", passageLink(model, chosen.passage, "Passage"), ")");
      block.feedback.replaceChildren(p);
    }
    const s = score(questions, answers);
    status.textContent = `Score: ${s.right} of ${s.total} right` + (s.answered < s.total ? ` (${s.answered} answered)` : "");
  }

  // A reader's earlier answers, from this browser only; anything unknown is ignored.
  if (store) {
    try {
      const saved = JSON.parse(store.getItem(key) || "{}");
      const valid = {};
      for (const q of questions) {
        if (q.kind === "choice" && q.options.some((o) => o.letter === saved[q.id])) valid[q.id] = saved[q.id];
      }
      if (Object.keys(valid).length) model.set("answers", valid);
    } catch (e) { /* unreadable: start afresh */ }
  }

  const help = make("p", "Choose an option to see whether it is right and why." +
    (store ? " Your answers are kept in this browser only." : ""), "hs-quiz-help");

  model.on("change:answers", draw);
  el.classList.add("hs-quiz");
  el.replaceChildren(help, list, footer);
  draw();
}

export default { render };
