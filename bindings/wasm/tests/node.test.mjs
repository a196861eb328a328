// node --test against the built package (scripts/build-wasm.sh) and the fixtures
// of make-fixtures.sh: valid proofs accepted against the verifier's own
// expectations (all required), every tampered public input rejected, every
// omitted expectation and malformed input refused with a JS Error saying why.
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
const MEMBERS = ['issuerRoots', 'scope', 'challenge', 'referenceDates'];
// 2026-06-01 as a medzk day number (days since 1900-01-01): the fixtures' reference date.
const DAY = Date.UTC(2026, 5, 1) / 86400000 + 25567;

// What the verifier knows independently of the proof: its registry's root
// (`medzk issuers root`), its policy's scope, the challenge it issued, its date window.
const expected = {
  issuerRoots: [fixture('issuer-root.txt').trim()],
  scope: full.policyInfo(policy).scope,
  challenge: '1234',
  referenceDates: [DAY - 30, DAY + 1],
};
const E = (changes = {}) => JSON.stringify({ ...expected, ...changes });
const without = (member, changes = {}) => {
  const e = { ...expected, ...changes };
  delete e[member];
  return JSON.stringify(e);
};

function tampered(name, value) {
  const file = JSON.parse(proof);
  file.public_inputs[name] = value(file.public_inputs[name]);
  return JSON.stringify(file);
}

const plusOne = (v) => (BigInt(v) + 1n).toString();

for (const [flavour, mod] of [['verify', light], ['full', full]]) {
  test(`${flavour}: a valid proof is accepted and its public inputs read back`, () => {
    const info = mod.verify(proof, vk, policyHash, E());
    const file = JSON.parse(proof);
    assert.equal(info.policy, 'vaccinated-after');
    assert.equal(info.referenceDateIso, '2026-06-01');
    assert.equal(info.referenceDate, DAY);
    assert.equal(info.nullifier, file.public_inputs.nullifier);
    assert.equal(info.policyHash, policyHash);
    assert.equal(info.scope, expected.scope);
    assert.deepEqual(mod.inspect(proof).nullifier, info.nullifier);
    assert.match(mod.version(), flavour === 'full' ? /full/ : /verify/);
    const verifier = new mod.Verifier(vk);
    assert.equal(verifier.verify(proof, policyHash, E()).nullifier, info.nullifier);
    assert.throws(() => verifier.verify(tampered('challenge', plusOne), policyHash, E({ challenge: plusOne('1234') })), /invalid/);
    assert.throws(() => new mod.Verifier('{}'), Error);
  });

  test(`${flavour}: expectations are required, and each omission says what is missing`, () => {
    const verifier = new mod.Verifier(vk);
    const entryPoints = [
      ['verify', (e) => mod.verify(proof, vk, policyHash, e)],
      ['Verifier.verify', (e) => verifier.verify(proof, policyHash, e)],
      ['verifyBatch', (e) => mod.verifyBatch([proof], vk, policyHash, e)],
    ];
    for (const [name, call] of entryPoints) {
      call(E());
      for (const omitted of [undefined, null, '', '  ']) {
        assert.throws(() => call(omitted), (e) => e instanceof Error && /^expectations are required/.test(e.message), `${name}(${omitted})`);
      }
      assert.throws(() => call('{}'), /`issuerRoots` is required/, name);
      for (const member of MEMBERS) {
        const message = new RegExp(`\`${member}\` is required.*never taken from the proof`);
        assert.throws(() => call(without(member)), message, `${name} without ${member}`);
        assert.throws(() => call(E({ [member]: null })), message, `${name} with ${member}: null`);
      }
    }
    assert.throws(() => mod.verifyBinary(new Uint8Array(129), new Uint8Array(225), new Uint8Array(482), policyHash), /expectations are required/);
  });

  test(`${flavour}: a proof against another registry or scope is refused (the review's finding)`, () => {
    // A holder's self-made issuer and registry give a proof under another root;
    // another scope would give a fresh nullifier. Both are refused before any pairing.
    assert.throws(() => mod.verify(proof, vk, policyHash, E({ issuerRoots: ['1'] })), /trusted-issuer root is not accepted/);
    assert.throws(() => mod.verify(tampered('issuer_root', () => '1'), vk, policyHash, E()), /not accepted/);
    assert.throws(() => mod.verify(proof, vk, policyHash, E({ scope: '5' })), /another scope/);
    assert.throws(() => mod.verify(proof, vk, policyHash, E({ referenceDates: [DAY + 1, DAY + 30] })), /outside the accepted window/);
    assert.throws(() => mod.verify(proof, vk, policyHash, E({ issuerRoots: [] })), /`issuerRoots` is empty/);
    assert.throws(() => mod.verify(proof, vk, policyHash, E({ referenceDates: [DAY, DAY - 1] })), /referenceDates.*is empty/);
    // Two roots (a registry update's grace window): either is accepted.
    assert.equal(mod.verify(proof, vk, policyHash, E({ issuerRoots: ['1', ...expected.issuerRoots] })).challenge, '1234');
  });

  test(`${flavour}: the challenge is waived only by "anyChallenge": true, and nothing else with it`, () => {
    const waived = without('challenge', { anyChallenge: true });
    assert.equal(mod.verify(proof, vk, policyHash, waived).challenge, '1234');
    assert.throws(() => mod.verify(proof, vk, policyHash, without('challenge', { anyChallenge: true, scope: '5' })), /another scope/);
    assert.throws(() => mod.verify(proof, vk, policyHash, without('challenge', { anyChallenge: false })), /`challenge` is required/);
    assert.throws(() => mod.verify(proof, vk, policyHash, E({ anyChallenge: true })), /contradict/);
    assert.throws(() => mod.verify(proof, vk, policyHash, without('challenge', { anyChallenge: 'yes' })), /anyChallenge.*boolean/);
  });

  test(`${flavour}: each tampered public input is rejected`, () => {
    for (const name of NAMES) {
      const changed = tampered(name, (v) => (name === 'reference_date' ? v + 1 : plusOne(v)));
      assert.throws(() => mod.verify(changed, vk, policyHash, E()), Error, name);
      // x + r is the same scalar to the pairing, so it must be refused as non-canonical.
      if (name !== 'reference_date') {
        const aliased = tampered(name, (v) => (BigInt(v) + R).toString());
        assert.throws(() => mod.verify(aliased, vk, policyHash, E()), /canonical/, `${name} + r`);
      }
    }
  });

  test(`${flavour}: malformed input gives an Error that says why`, () => {
    const cases = [
      [() => mod.verify('{', vk, policyHash, E()), /malformed proof file JSON/],
      [() => mod.verify(proof, '{"protocol": "plonk"}', policyHash, E()), /verification key|JSON/],
      [() => mod.verify(proof, vk, 'abc', E()), /policy hash.*decimal/],
      [() => mod.verify(proof, vk, policyHash, E({ bogus: 1 })), /expectations.*unknown field `bogus`/],
      [() => mod.verify(proof, vk, policyHash, E({ challenge: '99' })), /another challenge/],
      [() => mod.verify(proof, vk, policyHash, E({ challenge: 99 })), /`challenge`.*expected a string/],
      [() => mod.verify(proof, vk, policyHash, E({ scope: 'x' })), /scope.*decimal/],
      [() => mod.verify(proof, vk, (BigInt(policyHash) + 1n).toString(), E()), /another policy/],
      [() => mod.verify(tampered('nullifier', () => 'x1'), vk, policyHash, E()), /decimal/],
      [() => mod.verify(JSON.stringify({ ...JSON.parse(proof), proof: JSON.parse(proof).proof.slice(0, 200) }), vk, policyHash, E()), /129 bytes/],
      [() => mod.verify(JSON.stringify({ ...JSON.parse(proof), proof: 'zz' }), vk, policyHash, E()), /hexadecimal/],
      [() => mod.verifyBinary(new Uint8Array(3), new Uint8Array(225), new Uint8Array(482), policyHash, E()), /129 bytes/],
      [() => mod.inspect('[]'), /malformed proof file JSON/],
      // JSON is parsed by the JavaScript engine, then read as strictly as serde does natively.
      [() => mod.inspect(JSON.stringify({ ...JSON.parse(proof), extra: 1 })), /unknown field `extra`/],
      [() => mod.inspect(JSON.stringify({ ...JSON.parse(proof), shape: undefined })), /missing field `shape`/],
      [() => mod.inspect(JSON.stringify({ ...JSON.parse(proof), policy: 7 })), /`policy`.*expected a string/],
      [() => mod.inspect(tampered('reference_date', () => 1.5)), /`reference_date`.*integer/],
      [() => mod.inspect(tampered('reference_date', () => -1)), /`reference_date`.*integer/],
      [() => mod.inspect(tampered('scope', () => 12)), /`scope`.*expected a string/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), extra: [] }), policyHash, E()), /verification key JSON: unknown field `extra`/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), IC: JSON.parse(vk).IC.slice(1) }), policyHash, E()), /IC/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), nPublic: 4294967295 }), policyHash, E()), /nPublic.*out of range|IC/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), vk_alpha_1: ['0', '0', '1'] }), policyHash, E()), /vk_alpha_1.*infinity/],
      [() => mod.verify(proof, JSON.stringify({ ...JSON.parse(vk), vk_beta_2: [['1', '2']] }), policyHash, E()), /vk_beta_2.*length/],
      [() => mod.verify(proof, vk, policyHash, E({ referenceDates: [1] })), /referenceDates.*length/],
      [() => mod.verify(proof, vk, policyHash, '[1]'), /expectations.*expected an object/],
      [() => mod.verify(proof, vk, policyHash, '{'), /malformed expectations JSON/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(message));
    }
  });

  test(`${flavour}: a batch reports each proof's validity and public inputs`, () => {
    const bad = tampered('nullifier', plusOne);
    const replay = tampered('challenge', plusOne);
    const nullifier = JSON.parse(proof).public_inputs.nullifier;
    const valid = mod.verifyBatch([proof, proof], vk, policyHash, E());
    assert.deepEqual(valid.map((r) => r.valid), [true, true]);
    assert.equal(valid[0].reason, undefined);
    assert.equal(valid[1].info.nullifier, nullifier);

    const mixed = mod.verifyBatch([proof, bad, replay], vk, policyHash, E());
    assert.deepEqual(mixed.map((r) => r.valid), [true, false, false]);
    assert.match(mixed[1].reason, /invalid for these public inputs/);
    assert.equal(mixed[1].info.nullifier, plusOne(nullifier));
    assert.match(mixed[2].reason, /another challenge/);

    // Proofs of several sessions: the challenge waived by name, each item's
    // challenge returned for the caller to match against its sessions.
    const waived = mod.verifyBatch([proof, replay], vk, policyHash, without('challenge', { anyChallenge: true }));
    assert.deepEqual(waived.map((r) => r.valid), [true, false]);
    assert.match(waived[1].reason, /invalid for these public inputs/);
    assert.deepEqual(waived.map((r) => r.info.challenge), ['1234', '1235']);
    assert.throws(() => mod.verifyBatch([proof], vk, policyHash, `[${E()}]`), /expectations.*expected an object/);
    assert.throws(() => mod.verifyBatch(['{'], vk, policyHash, E()), /proof file 0: malformed/);
    assert.deepEqual([...mod.verifyBatch([], vk, policyHash, E())], []);
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
  const info = full.verify(made, vk, policyHash, E({ challenge: '77' }));
  assert.equal(info.nullifier, JSON.parse(proof).public_inputs.nullifier); // same holder, same scope
  assert.throws(() => full.verify(made, vk, policyHash, E()), /another challenge/);
  assert.throws(() => full.prove(...args, '77', '2099-01-01'), /cannot prove/); // expired by then
});

test('the verify module stays within its 200 KB budget (issue 9), and ProofInfo is read-only', () => {
  const size = fs.statSync(new URL('../pkg/verify/node/medzk_wasm_bg.wasm', import.meta.url)).size;
  assert.ok(size <= 200_000, `verify module is ${size} bytes`);
  const info = light.verify(proof, vk, policyHash, E());
  assert.throws(() => { 'use strict'; info.challenge = '1'; }, TypeError);
  assert.equal(info.challenge, '1234');
  const [item] = light.verifyBatch([proof], vk, policyHash, E());
  assert.throws(() => { 'use strict'; item.valid = false; }, TypeError);
  assert.equal(item.valid, true);
});
