// The WebAssembly/native speed ratio of `Verifier.verify` (not a test: the
// number for BENCHMARKS.md). This VM's speed drifts by up to 2x within
// minutes, so native and WebAssembly are timed in alternating short bursts
// and each burst pair gives one ratio (minimum over minimum); the median
// ratio over the bursts is reported. The native side is
// `examples/native_verify_timing.rs` (same fixtures, same method).
// node ratio.mjs <native binary> [bursts] [calls per burst]
// (MEDZK_PKG=<dir> times another build of the package, e.g. an older one.)
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const fixture = (name) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const [proof, vk, hash] = [fixture('proof.json'), fixture('verification_key.json'), fixture('policy-hash.txt').trim()];
// The verifier's expectations (required): the fixtures' registry root, the
// policy's scope, and the challenge and date make-fixtures.sh proved with.
const day = Date.UTC(2026, 5, 1) / 86400000 + 25567;
const expectations = JSON.stringify({
  issuerRoots: [fixture('issuer-root.txt').trim()],
  scope: require(`${process.env.MEDZK_PKG ?? '../pkg'}/full/node/medzk_wasm.js`).policyInfo(fixture('policy.json')).scope,
  challenge: '1234',
  referenceDates: [day, day],
});
const [native, bursts = 15, calls = 40] = [process.argv[2], Number(process.argv[3] ?? 15), Number(process.argv[4] ?? 40)];
const flavours = ['verify', 'full'].map((flavour) => {
  const m = require(`${process.env.MEDZK_PKG ?? '../pkg'}/${flavour}/node/medzk_wasm.js`);
  const verifier = new m.Verifier(vk);
  for (let i = 0; i < 20; i++) verifier.verify(proof, hash, expectations);
  return { flavour, verifier, ratios: [], mins: [] };
});
const wasmMin = (verifier) => {
  let best = Infinity;
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    verifier.verify(proof, hash, expectations);
    best = Math.min(best, performance.now() - t);
  }
  return best;
};
const nativeMins = [];
for (let b = 0; b < bursts; b++) {
  const out = execFileSync(native, [String(calls)], { encoding: 'utf8' });
  const nativeMin = Number(/min ([0-9.]+)/.exec(out)[1]);
  nativeMins.push(nativeMin);
  for (const f of flavours) {
    const min = wasmMin(f.verifier);
    f.mins.push(min);
    f.ratios.push(min / nativeMin);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`native Verifier.verify: median of burst minima ${median(nativeMins).toFixed(2)} ms (${bursts} bursts of ${calls})`);
for (const f of flavours) {
  const sorted = [...f.ratios].sort((a, b) => a - b);
  console.log(`${f.flavour}: median of burst minima ${median(f.mins).toFixed(2)} ms; WebAssembly/native ratio median ${median(f.ratios).toFixed(2)} (range ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)})`);
}
