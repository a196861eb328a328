// node --test against the built package (scripts/build-wasm.sh) and the fixtures
// of make-fixtures.sh: valid proofs accepted, every tampered public input
// rejected, malformed input refused with a JS Error saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const light = require('../pkg/verify/node/medzk_wasm.js');
const full = require('../pkg/full/node/medzk_wasm.js');
const fixture = (name) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const proof = fixture('proof.json');
const vk = fixture('verification_key.json');
const policy = fixture('policy.json');
const policyHash = fixture('policy-hash.txt').trim();
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const NAMES = ['issuer_root', 'policy_hash', 'reference_date', 'scope', 'nullifier', 'challenge', 'revealed_hash'];

function tampered(name, value) {
  const file = JSON.parse(proof);
  file.public_inputs[name] = value(file.public_inputs[name]);
  return JSON.stringify(file);
}

for (const [flavour, mod] of [['verify', light], ['full', full]]) {
  test(`${flavour}: a valid proof is accepted and its public inputs read back`, () => {
    const info = mod.verify(proof, vk, policyHash, JSON.stringify({ challenge: '1234' }));
    // Optional expectations may be null, as serde reads them natively.
    assert.equal(mod.verify(proof, vk, policyHash, '{"scope": null, "issuerRoots": null}').challenge, '1234');
    const file = JSON.parse(proof);
    assert.equal(info.policy, 'vaccinated-after');
    assert.equal(info.referenceDateIso, '2026-06-01');
    assert.equal(info.nullifier, file.public_inputs.nullifier);
    assert.equal(info.policyHash, policyHash);
    assert.deepEqual(mod.inspect(proof).nullifier, info.nullifier);
    assert.match(mod.version(), flavour === 'full' ? /full/ : /verify/);
    const verifier = new mod.Verifier(vk);
    assert.equal(verifier.verify(proof, policyHash).nullifier, info.nullifier);
    assert.throws(() => verifier.verify(tampered('challenge', (v) => (BigInt(v) + 1n).toString()), policyHash), /invalid/);
    assert.throws(() => new mod.Verifier('{}'), Error);
  });

  test(`${flavour}: each tampered public input is rejected`, () => {
    for (const name of NAMES) {
      const changed = tampered(name, (v) => (name === 'reference_date' ? v + 1 : (BigInt(v) + 1n).toString()));
      assert.throws(() => mod.verify(changed, vk, policyHash), Error, name);
      // x + r is the same scalar to the pairing, so it must be refused as non-canonical.
      if (name !== 'reference_date') {
        const aliased = tampered(name, (v) => (BigInt(v) + R).toString());
        assert.throws(() => mod.verify(aliased, vk, policyHash), /canonical/, `${name} + r`);
      }
    }
  });

  test(`${flavour}: malformed input gives an Error that says why`, () => {
    const cases = [
      [() => mod.verify('{', vk, policyHash), /malformed proof file JSON/],
      [() => mod.verify(proof, '{"protocol": "plonk"}', policyHash), /verification key|JSON/],
      [() => mod.verify(proof, vk, 'abc'), /policy hash.*decimal/],
      [() => mod.verify(proof, vk, policyHash, '{"bogus": 1}'), /expectations.*unknown field/],
      [() => mod.verify(proof, vk, policyHash, JSON.stringify({ challenge: '99' })), /another challenge/],
      [() => mod.verify(proof, vk, (BigInt(policyHash) + 1n).toString()), /another policy/],
      [() => mod.verify(tampered('nullifier', () => 'x1'), vk, policyHash), /decimal/],
      [() => mod.verify(JSON.stringify({ ...JSON.parse(proof), proof: JSON.parse(proof).proof.slice(0, 200) }), vk, policyHash), /129 bytes/],
      [() => mod.verify(JSON.stringify({ ...JSON.parse(proof), proof: 'zz' }), vk, policyHash), /hexadecimal/],
      [() => mod.verifyBinary(new Uint8Array(3), new Uint8Array(225), new Uint8Array(482), policyHash), /129 bytes/],
      [() => mod.inspect('[]'), /malformed proof file JSON/],
      // JSON is parsed by the JavaScript engine, then read as strictly as serde does natively.
      [() => mod.inspect(JSON.stringify({ ...JSON.parse(proof), extra: 1 })), /unknown field `extra`/],
      [() => mod.inspect(JSON.stringify({ ...JSON.parse(proof), shape: undefined })), /missing field `shape`/],
      [() => mod.inspect(JSON.stringify({ ...JSON.parse(proof), policy: 7 })), /`policy`.*expected a string/],
      [() => mod.inspect(tampered('reference_date', () => 1.5)), /`reference_date`.*integer/],
      [() => mod.inspect(tampered('reference_date', () => -1)), /`reference_date`.*integer/],
      [() => mod.inspect(tampered('scope', () => 12)), /`scope`.*expected a string/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), extra: [] }), policyHash), /verification key JSON: unknown field `extra`/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), IC: JSON.parse(vk).IC.slice(1) }), policyHash), /IC/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), vk_beta_2: [['1', '2']] }), policyHash), /vk_beta_2.*length/],
      [() => mod.verify(proof, vk, policyHash, '{"referenceDates": [1]}'), /referenceDates.*length/],
      [() => mod.verify(proof, vk, policyHash, '[1]'), /expectations.*expected an object/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(message));
    }
  });

  test(`${flavour}: a batch names its invalid proofs`, () => {
    const bad = tampered('nullifier', (v) => (BigInt(v) + 1n).toString());
    assert.deepEqual([...mod.verifyBatch([proof, proof], vk, policyHash)], []);
    assert.deepEqual([...mod.verifyBatch([proof, bad, proof], vk, policyHash)], [1]);
  });
}

test('full: policy hashing matches the CLI and proving in WebAssembly verifies', () => {
  assert.equal(full.policyHash(policy), policyHash);
  assert.equal(full.policyInfo(policy).name, 'vaccinated-after');
  assert.throws(() => full.policyHash('{"format": "medzk-policy"}'), /policy/);
  const pk = fs.readFileSync(new URL('./fixtures/keys/small.pk', import.meta.url));
  const args = [policy, [fixture('credential.json')], fixture('holder.json'), fixture('registry.json'), pk];
  const start = performance.now();
  const made = full.prove(...args, '77', '2026-06-01');
  console.log(`# prove (small, node, wasm): ${(performance.now() - start).toFixed(0)} ms`);
  const info = full.verify(made, vk, policyHash, JSON.stringify({ challenge: '77' }));
  assert.equal(info.nullifier, JSON.parse(proof).public_inputs.nullifier); // same holder, same scope
  assert.throws(() => full.prove(...args, '77', '2099-01-01'), /cannot prove/); // expired by then
});

test('the verify module stays within its 200 KB budget (issue 9), and ProofInfo is read-only', () => {
  const size = fs.statSync(new URL('../pkg/verify/node/medzk_wasm_bg.wasm', import.meta.url)).size;
  assert.ok(size <= 200_000, `verify module is ${size} bytes`);
  const info = light.verify(proof, vk, policyHash);
  assert.throws(() => { 'use strict'; info.challenge = '1'; }, TypeError);
  assert.equal(info.challenge, '1234');
});
