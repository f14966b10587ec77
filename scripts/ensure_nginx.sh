#!/usr/bin/env bash
# Prints the path of an nginx binary, installing Debian's package first if needed (as root),
# the way scripts/ensure_chromium.sh gets Chromium. Never starts a system nginx service.
set -u
log() { echo "$@" >&2; }
find_nginx() {
  for c in "${NGINX:-}" "$(command -v nginx 2>/dev/null)" /usr/sbin/nginx; do
    if [ -n "$c" ] && [ -x "$c" ] && "$c" -v >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  return 1
}
if path=$(find_nginx); then echo "$path"; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "Installing Debian's nginx for make serve..."
  # policy-rc.d exit code 101 keeps the package from starting a system-wide nginx on port 80.
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx) >&2
  [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  if path=$(find_nginx); then echo "$path"; exit 0; fi
fi
log "ERROR: make serve needs nginx and could not install it (not root, or no apt-get)."
log "Install it: 'sudo apt-get install nginx-light' (Debian/Ubuntu), or set NGINX=/path/to/nginx."
exit 1
