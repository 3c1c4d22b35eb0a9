# Two commands matter: `make book` and `make test`. The rest are conveniences, one line each.
PAPER  ?= a4
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book build . -W -n --keep-going
# The edit loop: Sphinx re-reads only the pages that changed (and what depends on them), and a
# warning is never hidden. A build that fails, or is interrupted, discards Sphinx's saved
# environment, so the next build re-reads every page and says every warning again (executed
# notebooks still come from the execution cache). _build/html is emptied only when the TOC or
# the config changed (no stale page survives a rename).
ENV    := _build/.doctrees/environment.pickle
DIRTY  := _build/.html-unfinished
VALIDATED   := _build/.validated
INTERVIEW   := $(wildcard $(or $(HERSMELL_INTERVIEW),../shared/interview/her-smell-interview.txt))
TOOLS_BUILD := tools/build/node_modules/.package-lock.json

.PHONY: book test serve clean pdf pdf-teacher book-teacher tex lab bench lock validate browser cache-guard audit audit-tools lint check help bundle
.PHONY: handouts pdf-reader lesson-pack

book: $(STAMP) $(VALIDATED) cache-guard $(TOOLS_BUILD) _build/.toc-config  ## build the HTML book into _build/html
	@if [ -e $(DIRTY) ]; then rm -f $(ENV); fi; touch $(DIRTY)
	@$(JB) --builder html || { rm -f $(ENV); echo "The build failed: the next one re-reads every page."; exit 1; }
	@rm -f $(DIRTY); echo "Book built: open $(CURDIR)/_build/html/index.html, or run 'make serve'."

_build/.toc-config: _toc.yml _config.yml
	rm -rf _build/html
	@mkdir -p _build && touch $@

test: lint book browser tex handouts  ## lint first (seconds), build, then run every test, the PDFs included (installs chromium and TeX when it can)
	@$(MAKE) --no-print-directory audit-tools || echo "npm failed: the audit test will skip (CI: fail)"
	@$(MAKE) --no-print-directory pdf pdf-teacher pdf-reader lesson-pack
	$(BIN)/python -m pytest

validate: $(STAMP)  ## check the data package (and quotations, where the interview text is present)
	$(BIN)/python -m hersmell.validate

# `make book` validates again only when the data, the package or the interview text changed.
$(VALIDATED): $(STAMP) $(wildcard data/* src/hersmell/*.py) $(INTERVIEW)
	$(BIN)/python -m hersmell.validate
	@mkdir -p _build && touch $@

lint: $(STAMP)  ## ruff: lint and format check of the Python code (settings in pyproject.toml)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

check: validate lint  ## the fast checks, no build: data, lint and the unit tests
	$(BIN)/python -m pytest -m "not (build or chromium or tex or lab or slow)"

help:  ## list the targets with what each does
	@sed -nE 's/^([a-z][a-z-]*):.*## (.*)/  \1\t\2/p' $(MAKEFILE_LIST) | expand -t 16

# The execution cache keys on a notebook's code only; outputs also depend on the package
# and the data, so a change there clears the cache and Sphinx's saved environment (the next
# build re-reads and re-executes everything). A change to one of our Sphinx extensions (listed
# in _config.yml) or to their static files changes pages, not what a notebook computes: it discards the saved
# environment only (every page is re-read; the notebooks come from the cache).
INPUTS   = $(shell find src data -type f -not -path '*/__pycache__/*' -not -path '*.egg-info/*' -not -name '*.pyc' | sort)
EXT_SRC  = $(shell sed -n 's|^ *- hersmell\.\([a-z0-9_]*\).*|src/hersmell/\1.py|p' _config.yml) $(wildcard src/hersmell/static/* src/hersmell/templates/*)
cache-guard:
	@mkdir -p _build; old=$$(cat _build/.cache-inputs 2>/dev/null); \
	run=$$(cat $(filter-out $(EXT_SRC),$(INPUTS)) | sha256sum | cut -c1-16); ext=$$(cat $(EXT_SRC) | sha256sum | cut -c1-16); \
	if [ "$${old% *}" != "$$run" ]; then \
	  if [ -d _build/.jupyter_cache ]; then echo "package or data changed: clearing the execution cache"; fi; \
	  rm -rf _build/.jupyter_cache $(ENV); \
	elif [ "$${old#* }" != "$$ext" ]; then echo "a Sphinx extension changed: every page is read again"; rm -f $(ENV); fi; \
	echo "$$run $$ext" > _build/.cache-inputs

# The build's npm tool (PurgeCSS: unused CSS is not shipped), pinned in tools/build/package-lock.json.
$(TOOLS_BUILD): tools/build/package-lock.json
	npm ci --prefix tools/build --no-audit --no-fund

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
	@mkdir -p $(VENV)/share/jupyter/lab/settings && cp scripts/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root) chapters

pdf: $(STAMP) validate cache-guard tex  ## student PDF: _build/pdf/her-smell-guide.pdf (A4; PAPER=letter for US Letter)
	HERSMELL_PAPER=$(PAPER) $(JB) --builder pdflatex
	mkdir -p _build/pdf && cp _build/latex/her-smell-guide.pdf _build/pdf/her-smell-guide.pdf
	@echo "PDF: $(CURDIR)/_build/pdf/her-smell-guide.pdf"

pdf-teacher: $(STAMP) validate tex  ## teacher's PDF (model answers, quiz answers, lesson notes)
	HERSMELL_EDITION=teacher HERSMELL_PAPER=$(PAPER) $(JB) --builder pdflatex --path-output _build/teacher
	mkdir -p _build/pdf && cp _build/teacher/_build/latex/her-smell-guide.pdf _build/pdf/her-smell-guide-teacher.pdf
	@echo "PDF: $(CURDIR)/_build/pdf/her-smell-guide-teacher.pdf"

handouts: $(STAMP)  ## class handouts: student sheets and teacher keys (PDF, 1-3 pages each) in _build/handouts
	$(BIN)/python -m hersmell.handouts _build/handouts

pdf-reader: $(STAMP) validate tex  ## reader's PDF, without code or data sections: _build/pdf/her-smell-guide-reader.pdf
	HERSMELL_EDITION=reader HERSMELL_PAPER=$(PAPER) $(JB) --builder pdflatex --path-output _build/reader && mkdir -p _build/pdf && cp _build/reader/_build/latex/her-smell-guide.pdf _build/pdf/her-smell-guide-reader.pdf

lesson-pack: $(STAMP) validate  ## scheme of work, every sheet, every key: _build/pdf/her-smell-lesson-pack.pdf; copies built PDFs into the site
	$(BIN)/python -m hersmell.handouts _build/handouts --lesson-pack _build/pdf/her-smell-lesson-pack.pdf --publish _build/html

book-teacher: $(STAMP) validate  ## teacher's HTML edition into _build/teacher/_build/html
	HERSMELL_EDITION=teacher $(JB) --builder html --path-output _build/teacher

bundle:  ## re-zip the classroom bundles (make book builds them) with the handouts that exist now
	$(BIN)/python -m hersmell.bundle _build

tex:  ## the TeX tools for the PDF (installed with apt when root)
	@bash scripts/ensure-tex.sh

bench: book browser  ## edit-loop rebuilds vs a stock Jupyter Book (same run), page bytes before/after
	$(BIN)/python scripts/bench.py

audit: book browser audit-tools  ## audit every page offline: requests, errors, weight, Lighthouse CI, HTML validity
	$(BIN)/python scripts/audit.py

# Installed under .node/ (hidden, like .venv): the book's TOC check walks every folder that is not,
# and these 22,000 files cost each build 0.2 s.
audit-tools:  ## the audit's npm tools (Lighthouse CI, vnu.jar; pa11y-ci), pinned in tools/{audit,pa11y}/package-lock.json, installed in .node/
	@for t in audit pa11y; do test .node/$$t/node_modules/.package-lock.json -nt tools/$$t/package-lock.json || { mkdir -p .node/$$t && cp tools/$$t/package.json tools/$$t/package-lock.json .node/$$t/ && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix .node/$$t --no-audit --no-fund; } || exit 1; done

lock:  ## recompile requirements.txt from requirements.in (needs pip-tools)
	$(BIN)/python -m pip install --quiet pip-tools && $(BIN)/pip-compile --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in

clean:  ## remove build outputs (keeps .venv)
	rm -rf _build .pytest_cache
