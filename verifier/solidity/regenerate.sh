#!/usr/bin/env bash
# Regenerates the committed Solidity reference outputs:
#
#   verifier/solidity/MedzkVerifier.sol          `medzk export solidity` for the small shape's
#                                                dev key (`medzk setup --shape small
#                                                --insecure-dev-seed 42`), from the template
#                                                verifier/templates/MedzkVerifier.sol.tmpl
#   verifier/solidity/build/*.bin, *.abi.json    compile.mjs: solc 0.8.28 (pinned in
#                                                package.json and its lock)
#
# Run it after changing the template, the circuit (and so the keys) or the gate:
#
#   bash verifier/solidity/regenerate.sh
#
# MEDZK=<path to a medzk binary> uses that CLI instead of building target/release/medzk.
# cli/tests/evm.rs then checks that the CLI renders the committed file byte for byte (and runs
# the bytecode on revm); .ci/run checks that solc produces the committed bytecode.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
medzk="${MEDZK:-}"
if [ -z "$medzk" ]; then
  cargo build --release --bin medzk --manifest-path "$repo/Cargo.toml" --quiet
  medzk="$repo/target/release/medzk"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$medzk" setup --shape small --insecure-dev-seed 42 --out-dir "$work/keys" >/dev/null
"$medzk" export solidity --shape small --keys "$work/keys" --out-dir "$work/sol" >/dev/null
cp "$work/sol/MedzkVerifier.sol" "$here/MedzkVerifier.sol"
# The gate is static source; the CLI writes the copy compiled into it.
if ! cmp -s "$work/sol/MedzkGate.sol" "$here/MedzkGate.sol"; then
  echo "regenerate.sh: the CLI's MedzkGate.sol differs from $here/MedzkGate.sol (rebuild the CLI)" >&2
  exit 1
fi
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
node compile.mjs
node compile.mjs --check >/dev/null
echo "regenerated $here/MedzkVerifier.sol and $here/build/"
