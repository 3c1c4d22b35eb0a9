"""One widget object, three renderings.

* Live kernel: the anywidget itself (``application/vnd.jupyter.widget-view+json``).
* Static HTML: ``text/html`` holding a container, the widget's state as JSON and an
  inline script that runs the *same* ES module's ``render`` on a tiny stand-in model.
  No widget manager, no other host.
* Print: ``text/markdown``, a real table that the PDF builder typesets.

Which one a reader gets is decided by output priority: Jupyter front ends prefer the
widget view; the book's ``_config.yml`` makes HTML pick ``text/html`` and LaTeX pick
``text/markdown``.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import anywidget

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


def json_for_html(value) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survives literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ThreeWayWidget(anywidget.AnyWidget):
    """Base class: subclasses set ``_esm``/``_css`` to files and implement ``to_markdown``."""

    #: traits carried into the static page
    _static_state: tuple[str, ...] = ()

    def to_markdown(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _module_source(self) -> str:
        src = Path(str(self.__class__._esm)).read_text(encoding="utf-8") \
            if isinstance(self.__class__._esm, Path) else str(self._esm)
        if "</script" in src.lower():
            raise ValueError("a widget module must not contain '</script'")
        if "export default" not in src:
            raise ValueError("a widget module must end with 'export default { render }'")
        return src.replace("export default", "const hsWidget =", 1)

    def static_html(self) -> str:
        uid = f"hs-{self.__class__.__name__.lower()}-{next(_counter)}"
        state = {name: getattr(self, name) for name in self._static_state}
        # Styles come from the page (the book links widgets.css); a <style> here would be invalid HTML.
        return (
            f'<div class="hs-widget" id="{uid}"></div>\n'
            f'<script type="application/json" id="{uid}-state">{json_for_html(state)}</script>\n'
            # A classic script runs as soon as it is parsed, so the view is drawn before the page
            # is first painted (a deferred module would shift the layout after it appears).
            f'<script>(() => {{ "use strict";\n{self._module_source()}\n{_STATIC_MODEL}\n'
            f'hsWidget.render({{ model: hsStaticModel(JSON.parse('
            f'document.getElementById("{uid}-state").textContent)), '
            f'el: document.getElementById("{uid}") }});\n}})();</script>'
        )

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        data["text/markdown"] = self.to_markdown()
        return data, metadata
