// Small repairs of the theme's behaviour for keyboard, phone and screen-reader readers.
// Served from the guide's package (hersmell.a11y), no other host. Each repair is tested in
// tests/test_devices.py and tests/test_a11y_page.py; drop one when the theme fixes it upstream.
(() => {
  "use strict";
  // After DOMContentLoaded: sphinx-togglebutton adds its buttons then (this deferred script runs
  // just before it).
  const ready = (fn) => (document.readyState === "complete"
    ? fn() : document.addEventListener("DOMContentLoaded", fn));

  // 1. Sidebar toggles (pydata-sphinx-theme 0.17 with sphinx-book-theme 1.3; upstream
  //    pydata-sphinx-theme issue #2451). The theme hooks its handlers to the FIRST
  //    .primary-toggle / .secondary-toggle on the page, the navbar's, which this theme hides;
  //    the visible ones in the article header then do nothing, by mouse or keyboard. Forward
  //    their activation to the hooked button: it opens the sidebar as a dialog on narrow
  //    screens and collapses the primary sidebar on wide ones, as the theme intends.
  function forwardSidebarToggles() {
    for (const [cls, dialogId] of [["primary-toggle", "pst-primary-sidebar-modal"],
                                   ["secondary-toggle", "pst-secondary-sidebar-modal"]]) {
      const hooked = document.querySelector(`.${cls}`);
      const dialog = document.getElementById(dialogId);
      for (const button of document.querySelectorAll(`.${cls}`)) {
        if (button === hooked) continue;
        button.setAttribute("aria-haspopup", "dialog");
        button.addEventListener("click", (event) => {
          event.preventDefault();
          if (dialog && dialog.open) return;  // the theme handled this button itself
          hooked.click();
        });
      }
    }
  }

  // 2. sphinx-togglebutton names every toggle "Toggle hidden content", hiding the title the
  //    reader sees. Name each by its visible text and state instead: "Answer, show".
  function nameToggleButtons() {
    for (const button of document.querySelectorAll(".admonition-title > button.toggle-button")) {
      const title = [...button.parentElement.childNodes].filter((n) => n !== button)
        .map((n) => n.textContent).join("").replace(/\s+/g, " ").trim();
      const sync = () => {
        const hint = (button.dataset.toggleHint || "").trim().toLowerCase();
        button.setAttribute("aria-label", [title, hint].filter(Boolean).join(", "));
      };
      sync();
      new MutationObserver(sync).observe(button, { attributes: true, attributeFilter: ["data-toggle-hint"] });
    }
  }

  // 3. The search page writes "Search finished, found N page(s)..." into a plain paragraph:
  //    make it a status, so a screen reader announces it.
  function announceSearchStatus() {
    const results = document.getElementById("search-results");
    if (!results) return;
    const mark = () => {
      for (const p of results.querySelectorAll(":scope > p.search-summary:not([role])")) {
        p.setAttribute("role", "status");
      }
    };
    new MutationObserver(mark).observe(results, { childList: true });
    mark();
  }

  ready(() => {
    forwardSidebarToggles();
    nameToggleButtons();
    announceSearchStatus();
  });
})();
