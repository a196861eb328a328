// Extracts the curated FHIR R4 examples used by medzk-records tests from the
// official CC0 package hl7.fhir.r4.examples@4.0.1 (HL7).
//
//   cd records/vectors/fhir && node extract.mjs
//
// It downloads the package with `npm pack`, checks its integrity, and copies the
// files listed in FILES into ./examples/ unchanged.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PACKAGE = "hl7.fhir.r4.examples@4.0.1";
const SHA1 = "537ea7db3f3c7b3575fe2eaa7808bad21261cca3"; // npm's recorded shasum for the tarball
const FILES = [
  "Patient-example.json",
  "Patient-f001.json",
  "Patient-pat1.json",
  "Immunization-example.json",
  "Immunization-historical.json",
  "Immunization-protocol.json",
  "Immunization-notGiven.json",
  "Observation-example.json",
  "Observation-body-height.json",
  "Observation-f001.json",
  "Observation-bmi.json",
  "Observation-bloodgroup.json",
  "Observation-f203.json",
  "Condition-example.json",
  "Condition-example2.json",
  "Condition-f201.json",
  "Condition-stroke.json",
  "Claim-100150.json",
  "Claim-100153.json",
  "Claim-960150.json",
  "Claim-MED-00050.json",
  "ExplanationOfBenefit-EB3500.json",
  "Bundle-lipids.json",
  "MedicationStatement-example004.json",
  "MedicationStatement-example005.json",
  "MedicationStatement-example001.json",
  "MedicationRequest-medrx0302.json",
  "MedicationRequest-medrx0308.json",
  "MedicationRequest-medrx002.json",
  "MedicationAdministration-medadmin0308.json",
  "Procedure-example.json",
  "Procedure-f001.json",
  "Procedure-HCBS.json",
  "Procedure-ambulation.json",
];

const work = mkdtempSync(join(tmpdir(), "fhir-examples-"));
try {
  const tarball = execFileSync("npm", ["pack", PACKAGE, "--silent"], { cwd: work }).toString().trim().split("\n").pop();
  const sha1 = createHash("sha1").update(readFileSync(join(work, tarball))).digest("hex");
  if (sha1 !== SHA1) throw new Error(`unexpected tarball shasum ${sha1}`);
  execFileSync("tar", ["xzf", tarball, ...FILES.map((f) => `package/${f}`)], { cwd: work });
  mkdirSync("examples", { recursive: true });
  for (const f of FILES) copyFileSync(join(work, "package", f), join("examples", f));
  console.log(`copied ${FILES.length} examples from ${PACKAGE}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
