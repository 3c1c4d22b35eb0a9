"""Debian's chromium and the flags every headless run here uses (audit, bench, tests): no sandbox
as root, and no background traffic to other hosts (the network here is closed)."""

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
