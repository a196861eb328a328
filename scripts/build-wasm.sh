#!/usr/bin/env bash
# Builds medzk-wasm (bindings/wasm) into an npm-style package at bindings/wasm/pkg:
#
#   pkg/package.json, pkg/README.md
#   pkg/verify/{web,node}/medzk_wasm.{js,d.ts} + medzk_wasm_bg.wasm   verify-only module
#   pkg/full/{web,node}/...                                             + policy hashing, proving
#
# `web` is ESM for browsers (call the default export `init()` first); `node` is
# CommonJS for node (loads the wasm synchronously). Sizes go to pkg/sizes.txt.
#
# Needs: the wasm32-unknown-unknown target (added with rustup here),
# wasm-bindgen-cli of exactly the crate's pinned wasm-bindgen version (installed
# into target/tools from crates.io if missing) and binaryen's wasm-opt from npm
# (pinned in bindings/wasm/tools/package.json; Debian's binaryen 108 breaks
# wasm-bindgen 0.2.130's externref table, 132 does not).
#
# The verify module is built for size (profile `wasm`: opt-level z, then
# wasm-opt -Oz) except its pairing arithmetic (medzk-narrow, opt-level s); the
# full module for speed (profile `wasm-full`: opt-level 3), since it proves.
# MEDZK_WASM_FLAVOURS="verify" (or "full") builds one flavour only;
# MEDZK_WASM_DENY_WARNINGS=1 fails on any rustc warning in medzk's crates (CI).
#
# Fallback where rustup cannot add the target: Debian's `rustc-web`,
# `rust-web-src` and `lld`, then build the standard library from source:
#   RUSTC_BOOTSTRAP=1 cargo build -p medzk-wasm --target wasm32-unknown-unknown \
#     --profile wasm -Zbuild-std=std,panic_abort
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
crate=bindings/wasm
pkg="$crate/pkg"
version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$crate/Cargo.toml")"

rustup target add wasm32-unknown-unknown >/dev/null
bindgen="$repo/target/tools/bin/wasm-bindgen"
if ! "$bindgen" --version 2>/dev/null | grep -q " $version$"; then
  echo "installing wasm-bindgen-cli $version into target/tools"
  cargo install wasm-bindgen-cli --version "$version" --root "$repo/target/tools" --quiet
fi

tools="$crate/tools"
wasm_opt="$tools/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  echo "installing binaryen (wasm-opt) into $tools/node_modules"
  npm ci --prefix "$tools" --silent --no-audit --no-fund
fi
wasm_opt_flags=(--enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-multivalue --enable-mutable-globals --strip-producers)

rm -rf "$pkg"
mkdir -p "$pkg"
: > "$pkg/sizes.txt"
for flavour in ${MEDZK_WASM_FLAVOURS:-verify full}; do
  features=()
  profile=wasm
  if [ "$flavour" = full ]; then
    features=(--features full)
    profile=wasm-full
  fi
  RUSTFLAGS="${RUSTFLAGS:-}${MEDZK_WASM_DENY_WARNINGS:+ -D warnings}" \
    cargo build -p medzk-wasm --target wasm32-unknown-unknown --profile "$profile" "${features[@]}" --quiet
  wasm="target/wasm32-unknown-unknown/$profile/medzk_wasm.wasm"
  for target in web node; do
    "$bindgen" --target "$([ "$target" = node ] && echo nodejs || echo web)" --out-dir "$pkg/$flavour/$target" "$wasm"
  done
  how="profile $profile ($([ "$flavour" = full ] && echo "opt-level 3" || echo "opt-level z"), fat LTO)"
  if [ "$flavour" = verify ]; then
    "$wasm_opt" -Oz --converge "${wasm_opt_flags[@]}" "$pkg/$flavour/web/medzk_wasm_bg.wasm" -o "$pkg/$flavour/web/medzk_wasm_bg.wasm"
    cp "$pkg/$flavour/web/medzk_wasm_bg.wasm" "$pkg/$flavour/node/medzk_wasm_bg.wasm"
    how="$how, wasm-opt $("$wasm_opt" --version | awk '{print $3}') -Oz"
  fi
  size="$(stat -c %s "$pkg/$flavour/web/medzk_wasm_bg.wasm")"
  gz="$(gzip -9 -c "$pkg/$flavour/web/medzk_wasm_bg.wasm" | wc -c)"
  echo "$flavour: $size bytes ($gz gzipped), $how" | tee -a "$pkg/sizes.txt"
done

cat > "$pkg/package.json" <<JSON
{
  "name": "medzk-wasm",
  "version": "$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)",
  "description": "medzk in WebAssembly: verify medical-record proofs (and hash policies, prove) in browsers and node",
  "license": "MIT OR Apache-2.0",
  "files": ["verify", "full", "README.md"],
  "exports": {
    ".": {
      "types": "./verify/web/medzk_wasm.d.ts",
      "node": "./verify/node/medzk_wasm.js",
      "default": "./verify/web/medzk_wasm.js"
    },
    "./full": {
      "types": "./full/web/medzk_wasm.d.ts",
      "node": "./full/node/medzk_wasm.js",
      "default": "./full/web/medzk_wasm.js"
    }
  }
}
JSON
cp "$crate/README.md" "$pkg/README.md"
echo "package written to $pkg"
