#!/usr/bin/env bash
# Runs every ```sh block of README.md's "Walk-through" section in a scratch
# directory, with `medzk` = $MEDZK (default target/release/medzk), so the
# README cannot drift.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
export REPO
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
script="$work/journeys.sh"
{
  echo 'set -euo pipefail'
  echo "medzk() { \"${MEDZK:-$REPO/target/release/medzk}\" \"\$@\"; }"
  awk '/^## Walk-through/{on=1} /^## Presets/{on=0} on && /^```sh$/{code=1; next} code && /^```$/{code=0; next} code' "$REPO/README.md"
} > "$script"
cd "$work"
bash "$script"
echo "README walk-through: every command ran"
