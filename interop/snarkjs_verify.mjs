// Verifies medzk-exported files with snarkjs (an outside oracle):
//   node snarkjs_verify.mjs <dir>
// <dir> holds verification_key.json, proof.json, public.json (must verify) and
// public_tampered.json (must not), written by `cargo test --test verifier` with
// MEDZK_EXPORT_DIR=<dir>.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as snarkjs from "snarkjs";

const dir = process.argv[2];
const read = (f) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const vk = read("verification_key.json");
const proof = read("proof.json");
const ok = await snarkjs.groth16.verify(vk, read("public.json"), proof);
const tampered = await snarkjs.groth16.verify(vk, read("public_tampered.json"), proof);
console.log(`snarkjs ${JSON.parse(readFileSync(new URL("./node_modules/snarkjs/package.json", import.meta.url))).version}: medzk proof ${ok ? "accepted" : "REJECTED"}, tampered inputs ${tampered ? "ACCEPTED" : "rejected"}`);
if (!ok || tampered) process.exit(1);
process.exit(0);
