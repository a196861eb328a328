#!/usr/bin/env bash
# Regenerates verifier/tests/fixtures/snarkjs/ : a Groth16 proof made by snarkjs for
# circuits/multiplier.circom (compiled with circom2), which medzk's verifier must accept.
#   cd interop && npm ci && bash make_fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"
out=../verifier/tests/fixtures/snarkjs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npx circom2 circuits/multiplier.circom --r1cs --wasm -o "$work" > /dev/null
npx snarkjs powersoftau new bn128 4 "$work/pot0.ptau" > /dev/null
npx snarkjs powersoftau contribute "$work/pot0.ptau" "$work/pot1.ptau" --name=medzk -e="medzk fixture entropy" > /dev/null
npx snarkjs powersoftau prepare phase2 "$work/pot1.ptau" "$work/pot.ptau" > /dev/null
npx snarkjs groth16 setup "$work/multiplier.r1cs" "$work/pot.ptau" "$work/m0.zkey" > /dev/null
npx snarkjs zkey contribute "$work/m0.zkey" "$work/m.zkey" --name=medzk -e="medzk fixture entropy 2" > /dev/null
echo '{"a": "3", "b": "11"}' > "$work/input.json"
node "$work/multiplier_js/generate_witness.js" "$work/multiplier_js/multiplier.wasm" "$work/input.json" "$work/w.wtns"
npx snarkjs groth16 prove "$work/m.zkey" "$work/w.wtns" "$work/proof.json" "$work/public.json"
npx snarkjs zkey export verificationkey "$work/m.zkey" "$work/verification_key.json" > /dev/null
npx snarkjs groth16 verify "$work/verification_key.json" "$work/public.json" "$work/proof.json"
mkdir -p "$out"
cp "$work/proof.json" "$work/public.json" "$work/verification_key.json" "$out/"
echo "snarkjs $(node -p 'require("./node_modules/snarkjs/package.json").version'), circom2 $(node -p 'require("./node_modules/circom2/package.json").version')" > "$out/VERSIONS"
echo "wrote $out"
