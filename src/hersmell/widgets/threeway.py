"""One widget object, three renderings.

* Live kernel: the anywidget itself (``application/vnd.jupyter.widget-view+json``).
* Static HTML: ``text/html`` holding a container, the instance's own state as JSON and a
  classic script, the *bundle*: the same ES module, a tiny stand-in model, and the state every
  instance shares (``_shared_state``: the explorer's data). The bundle draws each container
  of its kind on the page. No widget manager, no other host. The output is self-contained
  (a notebook shows it anywhere); the book's build (``hersmell.lightpages``) moves each bundle
  into one file under ``_static/`` that every page shares, named by its content (cached once,
  loaded by ``<script src>``, so a ``file://`` copy still works).
* Print: ``text/markdown``, a real table that the PDF builder typesets.

Which one a reader gets is decided by output priority: Jupyter front ends prefer the
widget view; the book's ``_config.yml`` makes HTML pick ``text/html`` and LaTeX pick
``text/markdown``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import anywidget

from .bundlemark import BUNDLE_MARK

_counter = itertools.count(1)

# A stand-in for the anywidget model on a static page: get/set/on like the real
# one (set fires change listeners synchronously), nothing to save to.
_STATIC_MODEL = """
function hsStaticModel(state) {
  const listeners = new Map();
  return {
    get: (key) => state[key],
    set(key, value) {
      state[key] = value;
      for (const fn of listeners.get("change:" + key) || []) fn();
    },
    save_changes() {},
    send() {},
    on(event, fn) { listeners.set(event, [...(listeners.get(event) || []), fn]); },
    off(event, fn) { listeners.set(event, (listeners.get(event) || []).filter((f) => f !== fn)); },
  };
}
"""

# Draws every not yet drawn container of this bundle on the page, each from the shared state
# and its own. A classic script runs as soon as it is parsed (the container is just above it),
# so the view is drawn before the page is first painted: no layout shift.
_BOOT = """
const own = (el) => JSON.parse(document.getElementById(el.id + "-state").textContent);
for (const el of document.querySelectorAll('.hs-widget[data-hs-bundle="' + KEY + '"]:not([data-hs-drawn])')) {
  el.dataset.hsDrawn = "";
  hsWidget.render({ model: hsStaticModel(Object.assign({}, SHARED, own(el))), el });
}
"""


def json_for_html(value) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survives literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ThreeWayWidget(anywidget.AnyWidget):
    """Base class: subclasses set ``_esm``/``_css`` to files and implement ``to_markdown``."""

    #: traits carried into the static page
    _static_state: tuple[str, ...] = ()
    #: of those, the ones every instance on the book shares (delivered once, in the bundle)
    _shared_state: tuple[str, ...] = ()

    def to_markdown(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _module_source(self) -> str:
        src = (
            Path(str(self.__class__._esm)).read_text(encoding="utf-8")
            if isinstance(self.__class__._esm, Path)
            else str(self._esm)
        )
        if "</script" in src.lower():
            raise ValueError("a widget module must not contain '</script'")
        if "export default" not in src:
            raise ValueError("a widget module must end with 'export default { render }'")
        return src.replace("export default", "const hsWidget =", 1)

    def static_bundle(self) -> tuple[str, str]:
        """(key, classic script): the module, the stand-in model and the shared state, keyed by
        a hash of them; the same for every instance of a widget on the same data."""
        shared = {name: getattr(self, name) for name in self._shared_state}
        core = f"{self._module_source()}\n{_STATIC_MODEL}\nconst SHARED = {json_for_html(shared)};\n"
        key = hashlib.sha256(core.encode("utf-8")).hexdigest()[:16]
        return key, f'{BUNDLE_MARK}{key}*/(() => {{ "use strict";\nconst KEY = "{key}";\n{core}{_BOOT}}})();\n'

    def static_html(self) -> str:
        uid = f"hs-{self.__class__.__name__.lower()}-{next(_counter)}"
        state = {name: getattr(self, name) for name in self._static_state if name not in self._shared_state}
        key, bundle = self.static_bundle()
        # Styles come from the page (the book links widgets.css); a <style> here would be invalid HTML.
        return (
            f'<div class="hs-widget" id="{uid}" data-hs-bundle="{key}"></div>\n'
            f'<script type="application/json" id="{uid}-state">{json_for_html(state)}</script>\n'
            f"<script>{bundle}</script>"
        )

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        data["text/markdown"] = self.to_markdown()
        return data, metadata
