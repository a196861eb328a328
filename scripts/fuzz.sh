#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/) for a while each and prints executions
# and findings per target:
#   bash scripts/fuzz.sh [seconds per target, default 60]
# Seeds each corpus with the repository's own valid inputs (proof files, keys,
# credentials, policies, FHIR examples, the SMART Health Card). The machine has
# only the stable toolchain: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass the
# sanitizer flags to it. cargo-fuzz is installed into target/tools if missing.
# A crash leaves its input in fuzz/artifacts/<target>/ and fails the script.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
export RUSTC_BOOTSTRAP=1
fuzz="$repo/target/tools/bin/cargo-fuzz"
if [ ! -x "$fuzz" ]; then
  cargo install cargo-fuzz --root "$repo/target/tools" --quiet
fi
cd "$repo/fuzz"
seed() { # target, files...
  local dir="corpus/$1"
  shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/" || true; done
}
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
medzk="${MEDZK:-$repo/target/release/medzk}"   # seeds key files with `medzk demo`
if [ -x "$medzk" ]; then
  (
    cd "$scratch"
    "$medzk" demo --keys "$scratch/keys" >/dev/null 2>&1 || true
  )
fi
seed proof_file_json $(find "$repo/bindings/wasm/tests/fixtures" -name 'proof.json' 2>/dev/null)
seed snarkjs_json "$repo"/verifier/tests/fixtures/*.json $(find "$repo/bindings/wasm/tests/fixtures/snarkjs" -name '*.json' 2>/dev/null)
seed key_files "$scratch"/keys/small.vk
seed credential_json "$repo"/records/vectors/credential_immunization.json
seed policy_json "$repo"/examples/policies/*.json
seed fhir_import "$repo"/records/vectors/fhir/*.json "$repo/fixtures/shc/covid-vaccines-bundle.json"
seed shc_decode "$repo/fixtures/shc/example-card.shc.txt"
for t in proof_binary public_inputs_binary verifying_key_binary; do mkdir -p "corpus/$t"; done

status=0
printf '%-22s %12s %10s %s\n' target executions "exec/s" findings
for target in $("$fuzz" list); do
  log="$scratch/$target.log"
  if "$fuzz" run "$target" --release -- -max_total_time="$seconds" -print_final_stats=1 -max_len=65536 \
    >"$log" 2>&1; then
    findings=none
  else
    findings="CRASH (see fuzz/artifacts/$target/)"
    status=1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  printf '%-22s %12s %10s %s\n' "$target" "${runs:-?}" "${rate:-?}" "$findings"
  [ "$findings" = none ] || tail -30 "$log"
done
exit $status
