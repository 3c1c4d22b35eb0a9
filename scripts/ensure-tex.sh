#!/usr/bin/env bash
# The TeX tools the PDF needs (about 350 MB of Debian packages). `make test` and `make pdf` run
# this: it installs them with apt when we are root; otherwise it stops with one clear message
# naming the packages.
# With --check it only answers whether they are there (exit 0 or 1), installing nothing.
set -euo pipefail
PACKAGES="latexmk texlive-xetex texlive-fonts-recommended fonts-freefont-otf poppler-utils"
if command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdftoppm >/dev/null \
   && fc-list : family | grep -ci freeserif >/dev/null; then exit 0; fi
if [ "${1:-}" = "--check" ]; then exit 1; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the TeX tools for the PDF: $PACKAGES"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
else
  echo "The PDF needs these Debian packages, and they cannot be installed from here (not root, or no apt): $PACKAGES. Install them (sudo apt-get install $PACKAGES) and run make again." >&2
  exit 1
fi
