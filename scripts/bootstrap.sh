#!/usr/bin/env bash
# Install what Trellis needs on a fresh Debian machine (as root) or a developer's box.
#   bootstrap.sh           uv + Python packages + gettext (enough for `make demo`)
#   bootstrap.sh test      also PostgreSQL 15 and Chromium for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

need_apt=()
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
# Certificates are PDFs made by WeasyPrint: Pango, HarfBuzz and fonts (CJK for Japanese names).
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk; do
  dpkg -s "$lib" >/dev/null 2>&1 || need_apt+=("$lib")
done
if [ "${1:-}" = "test" ]; then
  [ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Please install: ${need_apt[*]} (needs root)" >&2; exit 1
  fi
  echo "Installing ${need_apt[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "Installing uv ..."
  python3 -m pip install -q uv 2>/dev/null || python3 -m pip install -q --user uv
  hash -r
fi
command -v uv >/dev/null 2>&1 || export PATH="$HOME/.local/bin:$PATH"
uv sync --frozen -q
uv run trellis compilemessages -v 0 --ignore=.venv
