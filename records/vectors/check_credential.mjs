// Checks the pinned credential vector with circomlibjs 0.1.7 (an outside oracle):
// the commitment is circomlib Poseidon over the documented 15 inputs, and the
// signature verifies with verifyPoseidon, unchanged from the credential JSON.
//
//   cd records/vectors && npm ci && node check_credential.mjs
import { readFileSync } from "node:fs";
import { buildPoseidon, buildEddsa } from "circomlibjs";

const vector = JSON.parse(readFileSync(new URL("./credential_immunization.json", import.meta.url)));
const c = vector.credential;
const poseidon = await buildPoseidon();
const eddsa = await buildEddsa();
const F = eddsa.babyJub.F;

const commitment = poseidon.F.toObject(poseidon(vector.commitment_inputs.map(BigInt)));
if (commitment.toString() !== c.commitment) throw new Error(`commitment ${commitment} != ${c.commitment}`);

const pub = c.issuer.map((v) => F.e(BigInt(v)));
const sig = { R8: c.signature.R8.map((v) => F.e(BigInt(v))), S: BigInt(c.signature.S) };
if (!eddsa.verifyPoseidon(F.e(BigInt(c.commitment)), sig, pub)) throw new Error("circomlibjs rejects the signature");
if (eddsa.verifyPoseidon(F.e(BigInt(c.commitment) + 1n), sig, pub)) throw new Error("circomlibjs accepts a wrong message");
console.log("credential vector: commitment and signature accepted by circomlibjs");
