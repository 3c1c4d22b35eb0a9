# Two commands matter: `make book` and `make test`. The rest are conveniences, one line each.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# --all re-reads every page so warnings are re-emitted on every build (a warning is a bug even
# when its page did not change); executed notebooks still come from the execution cache.
JB     := $(BIN)/jupyter-book build . -W -n --keep-going --all

.PHONY: book test serve clean pdf lab bench lock validate browser cache-guard

book: $(STAMP) validate cache-guard  ## build the HTML book into _build/html
	rm -rf _build/html  # no stale page survives a rename; executed notebooks stay cached
	$(JB) --builder html
	@echo "Book built: open $(CURDIR)/_build/html/index.html, or run 'make serve'."

test: book browser  ## build, then run every test
	$(BIN)/python -m pytest

validate: $(STAMP)  ## check the data package (and quotations, where the interview text is present)
	$(BIN)/python -m hersmell.validate

# The execution cache keys on a notebook's code only; outputs also depend on the package
# and the data, so a change there clears the cache (the next build re-executes everything).
INPUTS = $(shell find src data -type f -not -path '*/__pycache__/*' -not -name '*.pyc' | sort)
cache-guard:
	@mkdir -p _build; new=$$(cat $(INPUTS) | sha256sum | cut -c1-16); \
	if [ "$$(cat _build/.cache-inputs 2>/dev/null)" != "$$new" ] && [ -d _build/.jupyter_cache ]; then \
	  echo "package or data changed: clearing the execution cache"; rm -rf _build/.jupyter_cache; fi; \
	echo $$new > _build/.cache-inputs

# Reinstall only when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

browser:  ## Debian's chromium for the browser tests (installed with apt when root)
	@bash scripts/ensure-chromium.sh

serve: book  ## serve the built site on http://127.0.0.1:8000
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lab: $(STAMP)  ## open the chapters as notebooks in JupyterLab (jupytext reads the MyST files)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 chapters

pdf: $(STAMP) validate cache-guard  ## typeset the book with XeLaTeX into _build/latex/her-smell-guide.pdf
	$(JB) --builder pdflatex

bench: book browser  ## clean build, no-change rebuild and page weights
	$(BIN)/python scripts/bench.py

lock:  ## recompile requirements.txt from requirements.in (needs pip-tools)
	$(BIN)/python -m pip install --quiet pip-tools && $(BIN)/pip-compile --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in

clean:  ## remove build outputs (keeps .venv)
	rm -rf _build .pytest_cache
