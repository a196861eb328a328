// Generates the circomlibjs reference vectors used by medzk-circuits tests.
//
//   cd circuits/vectors && npm ci && node generate.mjs
//
// Writes poseidon.json, eddsa_poseidon.json and poseidon_constants_wide.json.
// The package version that produced the files is recorded inside each file.
import { readFileSync, writeFileSync } from "node:fs";
import { buildPoseidonReference, buildEddsa, buildBabyjub } from "circomlibjs";
import createBlakeHash from "blake-hash";
import { Scalar } from "ffjavascript";

const pkg = JSON.parse(readFileSync(new URL("./node_modules/circomlibjs/package.json", import.meta.url)));
const generator = `circomlibjs@${pkg.version} (generate.mjs)`;

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

// Deterministic pseudo-random field elements (xorshift over BigInt), no Math.random.
let seed = 0x6d65647a6bn;
function next64() {
  seed ^= (seed << 13n) & 0xffffffffffffffffn;
  seed ^= seed >> 7n;
  seed ^= (seed << 17n) & 0xffffffffffffffffn;
  return seed & 0xffffffffffffffffn;
}
function randomField() {
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 64n) | next64();
  return v % R;
}

const poseidon = await buildPoseidonReference();
const F = poseidon.F;

// ---- Poseidon, 1..16 inputs ----
const poseidonCases = [];
for (let n = 1; n <= 16; n++) {
  const inputSets = [
    Array.from({ length: n }, (_, i) => BigInt(i + 1)),
    Array.from({ length: n }, () => 0n),
    Array.from({ length: n }, () => R - 1n),
    Array.from({ length: n }, () => randomField()),
  ];
  for (const inputs of inputSets) {
    const out = F.toObject(poseidon(inputs));
    poseidonCases.push({ inputs: inputs.map(String), output: out.toString() });
  }
}
writeFileSync("poseidon.json", JSON.stringify({ version: 1, generator, cases: poseidonCases }, null, 1) + "\n");

// ---- circomlib Poseidon constants for widths 14..17 (13..16 inputs) ----
// light-poseidon ships widths up to 13; the wider ones come from circomlibjs'
// src/poseidon_constants.json (C: round constants, M: MDS matrices, index t-2).
const constants = JSON.parse(readFileSync(new URL("./node_modules/circomlibjs/src/poseidon_constants.json", import.meta.url)));
const wide = [];
for (let t = 14; t <= 17; t++) {
  const c = constants.C[t - 2];
  const m = constants.M[t - 2];
  const rounds = c.length / t;
  wide.push({ width: t, full_rounds: 8, partial_rounds: rounds - 8, ark: c, mds: m });
}
writeFileSync(
  "poseidon_constants_wide.json",
  JSON.stringify({ version: 1, source: `circomlibjs@${pkg.version} src/poseidon_constants.json`, params: wide }) + "\n",
);

// ---- EdDSA-Poseidon on Baby JubJub ----
const eddsa = await buildEddsa();
const babyJub = await buildBabyjub();
const BF = babyJub.F;
const subOrder = babyJub.subOrder;
const pt = (p) => [BF.toObject(p[0]).toString(), BF.toObject(p[1]).toString()];

// Secret scalar s and nonce r exactly as circomlibjs signPoseidon derives them.
function signerScalars(prv, msg) {
  const h = createBlakeHash("blake512").update(Buffer.from(prv)).digest();
  const sBuff = eddsa.pruneBuffer(h);
  const s = Scalar.fromRprLE(sBuff, 0, 32);
  const compose = new Uint8Array(64);
  compose.set(sBuff.slice(32), 0);
  BF.toRprLE(compose, 32, msg);
  const rBuff = createBlakeHash("blake512").update(Buffer.from(compose)).digest();
  const r = Scalar.mod(Scalar.fromRprLE(rBuff, 0, 64), subOrder);
  return { s, r };
}

const keys = [
  Buffer.from("0001020304050607080900010203040506070809000102030405060708090001", "hex"),
  Buffer.alloc(32, 0x11),
  Buffer.alloc(32, 0),
  Buffer.from("medzk test issuer key number 04".padEnd(32, "."), "utf8"),
];
const messages = [0n, 1n, 1234567890n, R - 1n, randomField(), randomField()];
const eddsaCases = [];
for (const prv of keys) {
  const A = eddsa.prv2pub(prv);
  for (const m of messages) {
    const msg = BF.e(m);
    const sig = eddsa.signPoseidon(prv, msg);
    const base = { private_key: prv.toString("hex"), public_key: pt(A), message: m.toString() };
    const push = (label, R8, S, message = m, pub = A) => {
      const valid = eddsa.verifyPoseidon(BF.e(message), { R8, S }, pub);
      eddsaCases.push({ ...base, label, public_key: pt(pub), message: message.toString(), signature: { R8: pt(R8), S: S.toString() }, valid_circomlibjs: valid });
    };
    push("valid", sig.R8, sig.S);
    push("s_plus_one", sig.R8, (sig.S + 1n) % subOrder);
    push("s_plus_suborder", sig.R8, sig.S + subOrder);
    push("wrong_message", sig.R8, sig.S, (m + 1n) % R);
    push("r8_negated", [BF.neg(sig.R8[0]), sig.R8[1]], sig.S);
    const other = eddsa.prv2pub(Buffer.alloc(32, 0x99));
    push("other_public_key", sig.R8, sig.S, m, other);
  }
}
// A signature whose R8 carries a 2-torsion component: S is recomputed for R8' = R8 + (0, -1).
// circomlibjs rejects it (cofactorless); the cofactored equation 8SB = 8R + 8hA accepts it.
{
  const prv = keys[0];
  const m = 42n;
  const A = eddsa.prv2pub(prv);
  const { s, r } = signerScalars(prv, BF.e(m));
  const R8 = babyJub.mulPointEscalar(babyJub.Base8, r);
  const torsion = [BF.e(0n), BF.e(R - 1n)];
  const R8t = babyJub.addPoint(R8, torsion);
  const hm = F.toObject(poseidon([BF.toObject(R8t[0]), BF.toObject(R8t[1]), BF.toObject(A[0]), BF.toObject(A[1]), m]));
  const S = Scalar.mod(Scalar.add(r, Scalar.mul(hm, s)), subOrder);
  const valid = eddsa.verifyPoseidon(BF.e(m), { R8: R8t, S }, A);
  eddsaCases.push({ private_key: prv.toString("hex"), label: "torsion_r8_cofactored_only", public_key: pt(A), message: m.toString(), signature: { R8: pt(R8t), S: S.toString() }, valid_circomlibjs: valid });
}
writeFileSync(
  "eddsa_poseidon.json",
  JSON.stringify({ version: 1, generator, base8: pt(babyJub.Base8), sub_order: subOrder.toString(), cases: eddsaCases }, null, 1) + "\n",
);
console.log(`wrote ${poseidonCases.length} poseidon cases, ${eddsaCases.length} eddsa cases with ${generator}`);
