#!/usr/bin/env bash
# Checks the system packages Vi Ses! needs and names the exact command for any that is missing.
set -u
missing=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }

PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "Python 3.11 or newer is missing. Install it with: sudo apt-get install -y python3 python3-venv" >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Vi Ses! needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1). On Debian 12 or Ubuntu 24.04 the system python3 is new enough." >&2
  exit 1
fi
"$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=("python3-venv")
need_cmd msgfmt gettext
need_cmd xgettext gettext
need_cmd git git
# WeasyPrint (readable PDFs) needs Pango, and documents in every participant language need
# fonts: DejaVu for Latin, Cyrillic and Arabic script, Noto for Tigrinya (DESIGN §5).
"$PY" - <<'PYEOF' || missing+=("libpango-1.0-0" "libpangoft2-1.0-0")
import ctypes.util, sys
sys.exit(0 if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0") else 1)
PYEOF
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=("fonts-dejavu-core")
# The test suite drives Debian's Chromium (browser tests); the app itself does not need it.
if [ "${1:-}" = "test" ]; then
  [ -x "${VISES_CHROMIUM:-/usr/bin/chromium}" ] || missing+=("chromium")
fi

if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "Missing system packages: ${pkgs}" >&2
  echo "Install them with: sudo apt-get install -y ${pkgs}" >&2
  exit 1
fi
