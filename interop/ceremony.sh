#!/usr/bin/env bash
# The multi-party setup round trip on the `small` shape, with snarkjs as the
# outside oracle at both ends (issue 22, docs/ceremony.md):
#   medzk ceremony r1cs -> snarkjs r1cs info (medzk's counts)
#   INSECURE test ptau (known τ; CI cannot download the public one)
#   snarkjs zkey new, two contributions, a beacon, zkey verify
#   medzk ceremony import -> prove -> medzk verify and snarkjs groth16 verify
#   (with the zkey's own verification key); refusals: a zkey for another
#   circuit, a truncated zkey, a zkey whose δ was tampered with.
# Usage: bash interop/ceremony.sh <medzk binary>   (run from anywhere; needs
# `npm ci` in interop/). About 5 minutes on 2 cores.
set -euo pipefail
medzk="$1"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
w="$(mktemp -d)"
trap 'rm -rf "$w"' EXIT
snarkjs() { (cd "$here" && npx snarkjs "$@"); }
step() { echo "-- $* [${SECONDS}s]"; }

step "export the small shape's R1CS; snarkjs reads medzk's counts"
"$medzk" --json ceremony r1cs --shape small --out "$w/small.r1cs" > "$w/r1cs.json"
info="$(snarkjs r1cs info "$w/small.r1cs" 2>&1)"
for field in constraints public_inputs wires; do
  value="$(node -e "console.log(JSON.parse(require('fs').readFileSync('$w/r1cs.json','utf8')).$field)")"
  case $field in
    constraints) label="# of Constraints: $value" ;;
    public_inputs) label="# of Public Inputs: $value" ;;
    wires) label="# of Wires: $value" ;;
  esac
  grep -qF "$label" <<< "$info" || { echo "snarkjs r1cs info does not report '$label':"; echo "$info"; exit 1; }
done

step "INSECURE test ptau (2^15) and the phase-2 ceremony"
"$medzk" ceremony insecure-test-ptau --power 15 --seed 22 --out "$w/test.ptau" 2> /dev/null
snarkjs zkey new "$w/small.r1cs" "$w/test.ptau" "$w/z0.zkey" > /dev/null
snarkjs zkey contribute "$w/z0.zkey" "$w/z1.zkey" --name=alice -e="alice's entropy" > /dev/null
snarkjs zkey contribute "$w/z1.zkey" "$w/z2.zkey" --name=bob -e="bob's entropy" > /dev/null
snarkjs zkey beacon "$w/z2.zkey" "$w/final.zkey" 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 10 -n=beacon > /dev/null
snarkjs zkey verify "$w/small.r1cs" "$w/test.ptau" "$w/final.zkey" > "$w/verify.log" 2>&1 \
  || { cat "$w/verify.log"; exit 1; }
grep -q "ZKey Ok" "$w/verify.log"
snarkjs zkey export verificationkey "$w/final.zkey" "$w/zkey_vk.json" > /dev/null

step "refusals: another circuit, truncated, tampered δ"
expect_refusal() {
  local what="$1" pattern="$2"; shift 2
  if "$medzk" ceremony import "$@" --out-dir "$w/refused" 2> "$w/err.txt"; then
    echo "medzk imported $what"; exit 1
  fi
  grep -q "$pattern" "$w/err.txt" || { echo "$what: unexpected error:"; cat "$w/err.txt"; exit 1; }
  echo "   $what refused: $(cat "$w/err.txt")"
}
expect_refusal "a small zkey as medium" "made for another circuit than medium" --shape medium --zkey "$w/final.zkey"
head -c 1000000 "$w/final.zkey" > "$w/truncated.zkey"
expect_refusal "a truncated zkey" "zkey file is truncated" --shape small --zkey "$w/truncated.zkey"
# δ₁ replaced by another valid point (α₁): section 2's data starts at byte
# 40; δ₁ sits after the primes (72), nVars, nPublic, domain (12), α₁, β₁
# (128), β₂, γ₂ (256).
node -e "
const fs = require('fs'); const b = fs.readFileSync('$w/final.zkey');
const alpha = 40 + 72 + 12, delta = alpha + 128 + 256;
b.copy(b, delta, alpha, alpha + 64); fs.writeFileSync('$w/tampered.zkey', b);"
expect_refusal "a zkey with a wrong δ₁" "unsafe to prove" --shape small --zkey "$w/tampered.zkey"

step "import, prove with the imported keys, verify in medzk and snarkjs"
"$medzk" ceremony import --shape small --zkey "$w/final.zkey" --out-dir "$w/keys"
cd "$w"
"$medzk" issuer keygen --name "Acme Insurance" --schemas claim --out insurer.json > /dev/null 2>&1
"$medzk" holder keygen --out member.json > /dev/null 2>&1
"$medzk" issue --issuer insurer.json --holder member.json \
  --fhir "$repo/records/vectors/fhir/examples/Claim-100150.json" --out-dir claims > /dev/null 2>&1
"$medzk" issuers root --issuer insurer.json --out insurers.json > /dev/null 2>&1
"$medzk" prove --policy "$repo/examples/policies/claim-covered.json" --credential claims/01-claim-Claim-100150.json \
  --holder member.json --registry insurers.json --keys keys --challenge "claim-7781" --out proof.json
"$medzk" verify --policy "$repo/examples/policies/claim-covered.json" --proof proof.json \
  --registry insurers.json --keys keys --challenge "claim-7781"
"$medzk" export snarkjs --proof proof.json --keys keys --out-dir snarkjs > /dev/null 2>&1
(cd "$here" && node ceremony_verify.mjs "$w/zkey_vk.json" "$w/snarkjs")
step "ceremony round trip passed"
