#!/usr/bin/env bash
# The system packages Vi Ses! needs on Debian 12, each checked by the files it installs.
# Run as root or with passwordless sudo, it installs the missing ones with apt-get; otherwise
# it names the exact command and stops (exit 1).
#
#   bash scripts/preflight.sh                  what `make run` needs
#   bash scripts/preflight.sh test             that, plus Debian's Chromium for the browser tests
#   bash scripts/preflight.sh install PKG...   install named packages the same way (CI: postgresql)
#
# PYTHON names the interpreter to check (default python3), VISES_CHROMIUM the browser
# (default /usr/bin/chromium), VISES_FONT_DIR where Debian's font packages put their files
# (default /usr/share/fonts/truetype).
set -u

PY="${PYTHON:-python3}"
CHROMIUM="${VISES_CHROMIUM:-/usr/bin/chromium}"
FONTS="${VISES_FONT_DIR:-/usr/share/fonts/truetype}"

missing=()
want() {
  local package
  for package in "$@"; do
    [[ " ${missing[*]-} " == *" $package "* ]] || missing+=("$package")
  done
}

# Fills `missing` with the Debian packages whose files are not there; $1 is the mode.
check() {
  missing=()
  if ! command -v "$PY" >/dev/null 2>&1; then
    want python3 python3-venv
  elif ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "Vi Ses! needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1). On Debian 12 or Ubuntu 24.04 the system python3 is new enough." >&2
    exit 1
  fi
  command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || want gettext
  if command -v "$PY" >/dev/null 2>&1; then
    "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || want python3-venv
    # WeasyPrint (readable PDFs) needs Pango.
    "$PY" - <<'PYEOF' || want libpango-1.0-0 libpangoft2-1.0-0
import ctypes.util, sys
sys.exit(0 if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0") else 1)
PYEOF
  fi
  # Documents in every participant language need fonts: DejaVu covers Latin, Cyrillic and
  # Arabic script, Noto the Ethiopic script of Tigrinya.
  [ -f "$FONTS/dejavu/DejaVuSans.ttf" ] || want fonts-dejavu-core
  [ -f "$FONTS/noto/NotoSansEthiopic-Regular.ttf" ] || want fonts-noto-core
  command -v git >/dev/null 2>&1 || want git
  # The test suite drives Debian's Chromium (browser tests), reads the fonts embedded in
  # PDFs with poppler's pdffonts and counts rate limits in a Redis of its own; the app itself
  # needs none of them.
  if [ "$1" = "test" ]; then
    [ -x "$CHROMIUM" ] || want chromium
    command -v pdffonts >/dev/null 2>&1 || want poppler-utils
    command -v redis-server >/dev/null 2>&1 || want redis-server
  fi
}

# apt-get update once, then apt-get install -y the packages, as root or through `sudo -n`;
# without either (or without apt-get) it names the command to run and fails.
system_install() {
  local as_root=()
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1 \
    && command -v apt-get >/dev/null 2>&1; then
    as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  else
    echo "Missing system packages: $*" >&2
    echo "Install them with: sudo apt-get install -y $*" >&2
    return 1
  fi
  echo "Installing system packages: $*" >&2
  "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -q "$@"
}

mode="${1:-run}"
if [ "$mode" = "install" ]; then
  shift
  system_install "$@" || exit 1
  exit 0
fi

check "$mode"
[ ${#missing[@]} -eq 0 ] && exit 0
system_install "${missing[@]}" || exit 1
check "$mode"
if [ ${#missing[@]} -gt 0 ]; then
  echo "Still missing after apt-get install: ${missing[*]}" >&2
  exit 1
fi
