#!/usr/bin/env bash
# Prints the path of a Chromium that Playwright can drive, installing one if needed.
# Order: a system Chromium; Debian's package (as root); Playwright's own download.
# Browser tests are never skipped: with no browser this fails and says how to get one.
set -u
PY=${1:-python3}
log() { echo "$@" >&2; }
find_system() {
  for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -n "$c" ] && [ -x "$c" ] && "$c" --version >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  return 1
}
fonts() {  # Hangul and emoji glyphs for the screenshots; optional
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! fc-list 2>/dev/null | grep -qi "Noto Color Emoji"; then
    apt-get install -y -qq fonts-noto-cjk fonts-noto-color-emoji >/dev/null 2>&1 \
      || log "note: fonts-noto-cjk/fonts-noto-color-emoji not installed; Korean text or emoji may render as boxes"
  fi
}
if path=$(find_system); then fonts; echo "$path"; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji) >&2 || true
  if path=$(find_system); then echo "$path"; exit 0; fi
fi
log "Trying Playwright's own Chromium download..."
if "$PY" -m playwright install chromium >&2; then echo "playwright"; exit 0; fi
log "ERROR: no Chromium for the browser tests. Install one: 'sudo apt-get install chromium'"
log "(Debian/Ubuntu) or 'python -m playwright install chromium', or set CHROMIUM_PATH."
exit 1
