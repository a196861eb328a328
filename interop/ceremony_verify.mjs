// A medzk proof made with keys imported from a snarkjs ceremony verifies in
// snarkjs under the zkey's own verification key (not medzk's export of it),
// and the key medzk exports is that same key; a tampered public input fails.
//   node ceremony_verify.mjs <zkey_vk.json> <dir with proof.json, public.json, verification_key.json>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as snarkjs from "snarkjs";

const [zkeyVkPath, dir] = process.argv.slice(2);
const read = (p) => JSON.parse(readFileSync(p, "utf8"));
const zkeyVk = read(zkeyVkPath);
const medzkVk = read(join(dir, "verification_key.json"));
const proof = read(join(dir, "proof.json"));
const pub = read(join(dir, "public.json"));

const same = ["vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC"].every(
  (k) => JSON.stringify(zkeyVk[k]) === JSON.stringify(medzkVk[k]),
);
const ok = await snarkjs.groth16.verify(zkeyVk, pub, proof);
const tampered = [...pub];
tampered[0] = (BigInt(tampered[0]) + 1n).toString();
const forged = await snarkjs.groth16.verify(zkeyVk, tampered, proof);
console.log(
  `snarkjs: imported-key proof ${ok ? "accepted" : "REJECTED"} under the zkey's key, tampered input ${forged ? "ACCEPTED" : "rejected"}; medzk's exported key ${same ? "equals" : "DIFFERS FROM"} the zkey's`,
);
if (!ok || forged || !same) process.exit(1);
