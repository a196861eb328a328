// Times verification in node with the built package (not a test: numbers for
// BENCHMARKS.md). node bench.mjs [iterations]
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const fixture = (name) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const [proof, vk, hash] = [fixture('proof.json'), fixture('verification_key.json'), fixture('policy-hash.txt').trim()];
// The verifier's expectations (required): the fixtures' registry root, the
// policy's scope, and the challenge and date make-fixtures.sh proved with.
const day = Date.UTC(2026, 5, 1) / 86400000 + 25567;
const expectations = JSON.stringify({
  issuerRoots: [fixture('issuer-root.txt').trim()],
  scope: require('../pkg/full/node/medzk_wasm.js').policyInfo(fixture('policy.json')).scope,
  challenge: '1234',
  referenceDates: [day, day],
});
const n = Number(process.argv[2] ?? 50);
for (const flavour of ['verify', 'full']) {
  const m = require(`../pkg/${flavour}/node/medzk_wasm.js`);
  const verifier = new m.Verifier(vk);
  const median = (f) => {
    for (let i = 0; i < 5; i++) f();
    const times = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      f();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    // The minimum as well: on a shared VM the median wanders between runs.
    return `${times[n >> 1].toFixed(2)} (min ${times[0].toFixed(2)})`;
  };
  const prepared = median(() => verifier.verify(proof, hash, expectations));
  const oneShot = median(() => m.verify(proof, vk, hash, expectations));
  const size = fs.statSync(new URL(`../pkg/${flavour}/node/medzk_wasm_bg.wasm`, import.meta.url)).size;
  console.log(`${flavour}: Verifier.verify (prepared key) median ${prepared} ms; verify (parse + prepare + verify) ${oneShot} ms; ${n} runs; module ${size} bytes`);
}
