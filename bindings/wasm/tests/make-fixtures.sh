#!/usr/bin/env bash
# Writes the fixtures of the node and browser tests into bindings/wasm/tests/fixtures
# with the medzk CLI (target/release/medzk, or $MEDZK): dev keys (seed 42), an issuer, a holder,
# a vaccination credential, the registry and its root (issuer-root.txt), a proof
# of `vaccinated-after` (challenge 1234, reference date 2026-06-01), its snarkjs
# files, and the small proving key for in-browser proving.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
medzk="${MEDZK:-$repo/target/release/medzk}"   # MEDZK=<binary> for another build
out="$repo/bindings/wasm/tests/fixtures"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
"$medzk" issuer keygen --name "Immunisation Registry" --schemas immunization --out registry-key.json >/dev/null
"$medzk" holder keygen --out holder.json >/dev/null
cat > immunization.json <<'JSON'
{"resourceType": "Immunization", "status": "completed",
 "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "208"}]},
 "occurrenceDateTime": "2021-07-01"}
JSON
# Issued before the reference date (a record issued later cannot support the statement).
"$medzk" issue --issuer registry-key.json --holder holder.json --fhir immunization.json --issued-on 2026-01-02 \
  --valid-days 730 --out-dir creds >/dev/null
mv creds/*.json credential.json
# The registry root, as a verifier knows it (its own registry, not the proof's
# claim): the tests pass it as the expected issuer root.
"$medzk" issuers root --issuer registry-key.json --out registry.json > issuer-root.txt
"$medzk" setup --shape small --insecure-dev-seed 42 --out-dir keys 2>/dev/null >/dev/null
cp "$repo/examples/policies/vaccinated-after.json" policy.json
"$medzk" prove --policy policy.json --credential credential.json --holder holder.json --registry registry.json \
  --keys keys --challenge 1234 --reference-date 2026-06-01 --out proof.json >/dev/null
"$medzk" export snarkjs --proof proof.json --keys keys --out-dir snarkjs >/dev/null
cp snarkjs/verification_key.json verification_key.json
"$medzk" policy hash --policy policy.json > policy-hash.txt
echo "fixtures written to $out"
