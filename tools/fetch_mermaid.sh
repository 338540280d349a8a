#!/usr/bin/env bash
# Fetch Mermaid's browser bundle (npm package `mermaid`, pinned) into .cache/mermaid/, for
# tests/core/test_diagram_browser.py, which renders `export-tree --format mermaid` with
# Mermaid itself in headless Chromium. Uses the npm registry through npm; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=11.17.2
TARGET=.cache/mermaid/mermaid-$VERSION.min.js
if [ -s "$TARGET" ]; then
    echo "$TARGET is there"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mermaid@$VERSION" >/dev/null && tar xzf "mermaid-$VERSION.tgz" package/dist/mermaid.min.js)
mkdir -p .cache/mermaid
mv "$work/package/dist/mermaid.min.js" "$TARGET.tmp"
mv "$TARGET.tmp" "$TARGET"
echo "fetched $TARGET"
