#!/usr/bin/env bash
# Re-fetch the vendored front-end assets from the npm registry at the pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack bootstrap@5.3.8 htmx.org@2.0.7 chart.js@4.5.1 bootstrap-icons@1.13.1 axe-core@4.10.3 >/dev/null)
for f in "$tmp"/*.tgz; do d="${f%.tgz}"; mkdir -p "$d"; tar xzf "$f" -C "$d"; done
V=static/vendor
mkdir -p $V/bootstrap/css $V/bootstrap/js $V/htmx $V/chartjs $V/bootstrap-icons/fonts $V/axe-core
cp "$tmp"/bootstrap-5.3.8/package/dist/css/bootstrap.min.css* $V/bootstrap/css/
cp "$tmp"/bootstrap-5.3.8/package/dist/js/bootstrap.bundle.min.js* $V/bootstrap/js/
cp "$tmp"/htmx.org-2.0.7/package/dist/htmx.min.js $V/htmx/
cp "$tmp"/chart.js-4.5.1/package/dist/chart.umd.min.js $V/chartjs/
cp "$tmp"/bootstrap-icons-1.13.1/package/font/bootstrap-icons.min.css $V/bootstrap-icons/
cp "$tmp"/bootstrap-icons-1.13.1/package/font/fonts/* $V/bootstrap-icons/fonts/
cp "$tmp"/axe-core-4.10.3/package/axe.min.js "$tmp"/axe-core-4.10.3/package/LICENSE $V/axe-core/
# chart.js names a map its package does not ship; collectstatic's manifest storage refuses that.
python3 scripts/vendor_maps.py --strip
python3 scripts/vendor_maps.py
echo "vendored assets refreshed"
