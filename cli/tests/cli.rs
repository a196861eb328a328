//! The `medzk` binary: every subcommand, success and the errors a user hits.

#[path = "cli_workspace.rs"]
mod cli_workspace;

use cli_workspace::{medzk, vaccination_workspace};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A working directory with keys, an issuer, a holder, a registry and a credential.
fn workspace() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("medzk-cli-test-{}", std::process::id()));
        vaccination_workspace(&dir, 1);
        dir
    })
}

fn policy(name: &str) -> String {
    format!("{}/../examples/policies/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

fn credential(dir: &Path) -> String {
    let creds = dir.join("creds");
    let entry = std::fs::read_dir(creds).unwrap().next().unwrap().unwrap();
    entry.path().display().to_string()
}

fn prove(dir: &Path, policy_name: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    let cred = credential(dir);
    let p = policy(policy_name);
    let mut args = vec![
        "prove",
        "--policy",
        &p,
        "--credential",
        &cred,
        "--holder",
        "me.json",
        "--registry",
        "registry.json",
        "--keys",
        "keys",
        "--challenge",
        "1234",
        "--out",
        "proof.json",
    ];
    args.extend_from_slice(extra);
    medzk().current_dir(dir).args(&args).assert()
}

fn verify(dir: &Path, proof: &str, challenge: &str) -> assert_cmd::assert::Assert {
    let p = policy("vaccinated-after");
    medzk()
        .current_dir(dir)
        .args([
            "verify",
            "--policy",
            &p,
            "--proof",
            proof,
            "--registry",
            "registry.json",
            "--keys",
            "keys",
            "--challenge",
            challenge,
        ])
        .assert()
}

fn one_line_error(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    stderr
}

#[test]
fn prove_verify_and_every_user_error() {
    let dir = workspace();
    prove(dir, "vaccinated-after", &[]).success();
    verify(dir, "proof.json", "1234").success().stderr(predicates_str_contains("valid:"));
    // A replayed proof for another challenge, and a tampered proof: exit 1.
    let out = verify(dir, "proof.json", "9999").code(1).get_output().clone();
    assert!(one_line_error(&out).contains("another challenge"));
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("proof.json")).unwrap()).unwrap();
    file["public_inputs"]["nullifier"] = "12345".into();
    std::fs::write(dir.join("tampered.json"), file.to_string()).unwrap();
    let out = verify(dir, "tampered.json", "1234").code(1).get_output().clone();
    assert!(one_line_error(&out).contains("invalid"));
    // Missing file: exit 2, one line.
    let out = verify(dir, "nope.json", "1234").code(2).get_output().clone();
    assert!(one_line_error(&out).starts_with("error: nope.json"));
    // Expired credential at the reference date.
    let out =
        prove(dir, "vaccinated-after", &["--reference-date", "2099-01-01"]).code(2).get_output().clone();
    assert!(one_line_error(&out).contains("expired"));
    // A credential of the wrong schema for the policy.
    let out = prove(dir, "trial-eligibility", &[]).code(2).get_output().clone();
    assert!(one_line_error(&out).contains("no patient credential"));
    // A key for another shape.
    std::fs::create_dir_all(dir.join("wrong-keys")).unwrap();
    std::fs::copy(dir.join("keys/small.pk"), dir.join("wrong-keys/small.pk")).unwrap();
    std::fs::copy(dir.join("keys/small.vk"), dir.join("wrong-keys/small.vk")).unwrap();
    let mut medium_pk = std::fs::read(dir.join("keys/small.pk")).unwrap();
    medium_pk[12..17].copy_from_slice(b"small");
    std::fs::write(dir.join("wrong-keys/medium.vk"), std::fs::read(dir.join("keys/small.vk")).unwrap())
        .unwrap();
    let p = policy("trial-eligibility");
    let out = medzk()
        .current_dir(dir)
        .args([
            "verify",
            "--policy",
            &p,
            "--proof",
            "proof.json",
            "--registry",
            "registry.json",
            "--keys",
            "wrong-keys",
            "--challenge",
            "1",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&out).contains("shape"));
    // Export for snarkjs.
    medzk()
        .current_dir(dir)
        .args(["export", "snarkjs", "--proof", "proof.json", "--keys", "keys", "--out-dir", "snarkjs"])
        .assert()
        .success();
    assert!(dir.join("snarkjs/verification_key.json").exists() && dir.join("snarkjs/public.json").exists());
}

fn predicates_str_contains(s: &'static str) -> impl predicates_core::Predicate<[u8]> {
    struct Contains(&'static str);
    impl predicates_core::reflection::PredicateReflection for Contains {}
    impl std::fmt::Display for Contains {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "contains {:?}", self.0)
        }
    }
    impl predicates_core::Predicate<[u8]> for Contains {
        fn eval(&self, v: &[u8]) -> bool {
            String::from_utf8_lossy(v).contains(self.0)
        }
    }
    Contains(s)
}

#[test]
fn policy_commands_and_json_output() {
    let p = policy("trial-eligibility");
    let hash =
        medzk().args(["policy", "hash", "--policy", &p]).assert().success().get_output().stdout.clone();
    assert!(String::from_utf8(hash).unwrap().trim().bytes().all(|b| b.is_ascii_digit()));
    let json = medzk()
        .args(["--json", "policy", "check", "--policy", &p])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["shape"], "medium");
    let bad = std::env::temp_dir().join(format!("bad-policy-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{"format": "medzk-policy", "version": 1, "name": "x", "shape": "small", "scope": "s", "records": [], "clauses": []}"#).unwrap();
    let out = medzk()
        .args(["policy", "check", "--policy", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&out).contains("record slots"));
    medzk().arg("--help").assert().success();
    medzk().args(["prove", "--help"]).assert().success();
    medzk().arg("frobnicate").assert().code(2);
}

#[test]
fn shc_import_reattests_the_example_card() {
    let dir = workspace();
    let fixtures = format!("{}/../fixtures/shc", env!("CARGO_MANIFEST_DIR"));
    medzk()
        .current_dir(dir)
        .args([
            "shc",
            "import",
            "--card",
            &format!("{fixtures}/example-card.shc.txt"),
            "--jwks",
            &format!("{fixtures}/jwks.json"),
            "--crl",
            &format!("{fixtures}/crl-3Kfdg.json"),
            "--expected-issuer",
            "https://smarthealth.cards/examples/issuer",
            "--issuer",
            "registry-key.json",
            "--holder",
            "me.json",
            "--out-dir",
            "shc-creds",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(dir.join("shc-creds")).unwrap().count(), 3);
    // The card's key publishes a revocation list (crlVersion): without it, refused.
    let out = medzk()
        .current_dir(dir)
        .args([
            "shc",
            "import",
            "--card",
            &format!("{fixtures}/example-card.shc.txt"),
            "--jwks",
            &format!("{fixtures}/jwks.json"),
            "--expected-issuer",
            "https://smarthealth.cards/examples/issuer",
            "--issuer",
            "registry-key.json",
            "--holder",
            "me.json",
            "--out-dir",
            "shc-no-crl",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&out).contains("crlVersion"), "{}", one_line_error(&out));
    assert!(!dir.join("shc-no-crl").exists());
    let out = medzk()
        .current_dir(dir)
        .args([
            "shc",
            "import",
            "--card",
            &format!("{fixtures}/example-card.shc.txt"),
            "--jwks",
            &format!("{fixtures}/jwks.json"),
            "--expected-issuer",
            "https://example.org",
            "--issuer",
            "registry-key.json",
            "--holder",
            "me.json",
            "--out-dir",
            "x",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&out).contains("issuer"));
}

#[test]
fn an_issuer_key_signs_only_the_schemas_it_lists() {
    let dir = workspace();
    // No schema list: clap refuses (usage error, exit 2).
    medzk()
        .current_dir(dir)
        .args(["issuer", "keygen", "--name", "Lab", "--out", "lab-without-schemas.json"])
        .assert()
        .code(2);
    medzk()
        .current_dir(dir)
        .args(["issuer", "keygen", "--name", "Lab", "--schemas", "frobnication", "--out", "lab-bad.json"])
        .assert()
        .code(2);
    std::fs::write(
        dir.join("hba1c.json"),
        r#"{"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4"}]},
            "valueQuantity": {"value": 7.1, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
            "effectiveDateTime": "2024-03-01"}"#,
    )
    .unwrap();
    // The registry key lists immunization and patient: an Observation is refused.
    let out = medzk()
        .current_dir(dir)
        .args([
            "issue",
            "--issuer",
            "registry-key.json",
            "--holder",
            "me.json",
            "--fhir",
            "hba1c.json",
            "--out-dir",
            "refused-creds",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&out).contains("observation"), "{}", one_line_error(&out));
    assert!(
        !dir.join("refused-creds").exists()
            || std::fs::read_dir(dir.join("refused-creds")).unwrap().count() == 0
    );
}

#[test]
fn a_holder_pins_the_proving_key_digest_the_verifier_published() {
    let dir = workspace();
    let key = std::fs::read(dir.join("keys/small.pk")).unwrap();
    let digest = medzk::prover::keyfile::key_file_digest(&key);
    let cred = credential(dir);
    let p = policy("vaccinated-after");
    let prove_pinned = |digest: &str, out: &str| {
        medzk()
            .current_dir(dir)
            .args(["prove", "--policy", &p, "--credential", &cred, "--holder", "me.json"])
            .args(["--registry", "registry.json", "--keys", "keys", "--challenge", "1234"])
            .args(["--key-digest", digest, "--out", out])
            .assert()
    };
    prove_pinned(&hex::encode(digest), "pinned-proof.json").success();
    assert!(dir.join("pinned-proof.json").exists());
    let mut other = digest;
    other[0] ^= 1;
    let out = prove_pinned(&hex::encode(other), "unpinned.json").code(2).get_output().clone();
    assert!(one_line_error(&out).contains("digest"), "{}", one_line_error(&out));
    let out = prove_pinned("abc", "unpinned.json").code(2).get_output().clone();
    assert!(one_line_error(&out).contains("--key-digest"));
    assert!(!dir.join("unpinned.json").exists());
}

#[test]
fn setup_makes_keys_for_a_custom_shape_and_refuses_half_described_ones() {
    let dir = std::env::temp_dir().join(format!("medzk-cli-custom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let setup = |args: &[&str]| {
        let mut all = vec!["setup", "--insecure-dev-seed", "3", "--out-dir", "keys"];
        all.extend_from_slice(args);
        medzk().current_dir(&dir).args(&all).assert()
    };
    setup(&["--shape", "custom", "--records", "2", "--clauses", "3", "--sets", "1"]).success();
    assert!(dir.join("keys/r2-k3-s1.pk").exists() && dir.join("keys/r2-k3-s1.vk").exists());
    // The same shape by its name.
    setup(&["--shape", "r2-k3-s1"]).success();
    for (args, message) in [
        (&["--shape", "custom", "--records", "2"][..], "needs --records, --clauses and --sets"),
        (&["--shape", "small", "--records", "2"][..], "describe a custom shape"),
        (&["--shape", "custom", "--records", "9", "--clauses", "3", "--sets", "1"][..], "1..=8 record slots"),
        (&["--shape", "r2-k3"][..], "unknown shape"),
    ] {
        let out = setup(args).code(2).get_output().clone();
        assert!(one_line_error(&out).contains(message), "{args:?}: {}", one_line_error(&out));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn issue_list_writes_attested_lists_and_refuses_what_it_cannot_list() {
    let dir = workspace();
    let bundle =
        format!("{}/../examples/patients/nct03608358/insulin-last-month.json", env!("CARGO_MANIFEST_DIR"));
    medzk()
        .current_dir(dir)
        .args(["issuer", "keygen", "--name", "Hospital", "--schemas", "condition_list,medication_list"])
        .args(["--out", "hospital-lists.json"])
        .assert()
        .success();
    let issue = |out_dir: &str, extra: &[&str]| {
        let mut cmd = medzk();
        cmd.current_dir(dir)
            .args(["issue", "--issuer", "hospital-lists.json", "--holder", "me.json", "--fhir", &bundle])
            .args(["--out-dir", out_dir, "--issued-on", "2026-12-01"])
            .args(extra);
        cmd.assert()
    };
    issue("lists", &["--list", "conditions", "--list", "medications"]).success();
    let mut files: Vec<String> = std::fs::read_dir(dir.join("lists"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["01-condition_list-conditions-list.json", "02-medication_list-medications-list.json"]);
    let meds = std::fs::read_to_string(dir.join("lists").join(&files[1])).unwrap();
    let meds = medzk::records::Credential::from_json(&meds).unwrap();
    let codes: Vec<&str> = meds.list.as_ref().unwrap().entries().iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["A10AE04", "A10BA02", "C10AA05"]);
    // An unknown kind is a usage error; a key without the procedure_list schema is refused.
    issue("lists-bad", &["--list", "allergies"]).code(2);
    let out = issue("lists-refused", &["--list", "procedures"]).code(2).get_output().clone();
    assert!(one_line_error(&out).contains("procedure_list"), "{}", one_line_error(&out));
    // `--as-of` before an entry's end lists it as active on `as_of`; before its
    // start it is refused (what began later was not known on that day).
    issue("lists-mid", &["--list", "medications", "--as-of", "2026-11-01"]).success();
    let out = issue("lists-early", &["--list", "medications", "--as-of", "2026-09-01"])
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&out).contains("after the list's as_of"), "{}", one_line_error(&out));
}

#[test]
fn issuer_revoke_stops_the_credential_proving_after_the_registry_is_rebuilt() {
    let dir = std::env::temp_dir().join(format!("medzk-cli-revoke-{}", std::process::id()));
    let first_root = vaccination_workspace(&dir, 1);
    prove(&dir, "vaccinated-after", &[]).success();
    let cred = credential(&dir);
    let revoke = |extra: &[&str]| {
        let mut args = vec!["issuer", "revoke", "--issuer", "registry-key.json"];
        args.extend_from_slice(extra);
        medzk().current_dir(&dir).args(&args).assert()
    };
    revoke(&["--credential", &cred]).success().stderr(predicates_str_contains("revocation index 0 revoked"));
    revoke(&["--credential", &cred]).success().stderr(predicates_str_contains("was already revoked"));
    let out = medzk()
        .current_dir(&dir)
        .args(["issuers", "root", "--issuer", "registry-key.json", "--out", "registry.json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_ne!(String::from_utf8_lossy(&out.stdout).trim(), first_root, "the revocation changed the root");
    let refused = prove(&dir, "vaccinated-after", &[]).code(2).get_output().clone();
    assert!(one_line_error(&refused).contains("revoked by its issuer"), "{}", one_line_error(&refused));

    // An index never handed out, a list of another key, a tampered list.
    let never = revoke(&["--index", "5"]).code(2).get_output().clone();
    assert!(one_line_error(&never).contains("has not been issued"));
    medzk()
        .current_dir(&dir)
        .args(["issuer", "keygen", "--name", "Other", "--schemas", "immunization", "--out", "other.json"])
        .assert()
        .success();
    let foreign =
        revoke(&["--revocations", "other.revocations.json", "--index", "0"]).code(2).get_output().clone();
    assert!(one_line_error(&foreign).contains("another issuer key"), "{}", one_line_error(&foreign));
    let list_path = dir.join("registry-key.revocations.json");
    let text = std::fs::read_to_string(&list_path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["revoked"] = serde_json::json!([]);
    json["epoch"] = 0.into();
    std::fs::write(&list_path, json.to_string()).unwrap();
    let tampered = medzk()
        .current_dir(&dir)
        .args(["issuers", "root", "--issuer", "registry-key.json"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(one_line_error(&tampered).contains("revocation list"), "{}", one_line_error(&tampered));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn issuers_root_with_previous_refuses_a_list_that_undoes_a_revocation() {
    let dir = std::env::temp_dir().join(format!("medzk-cli-previous-{}", std::process::id()));
    vaccination_workspace(&dir, 1);
    let list = dir.join("registry-key.revocations.json");
    let before = std::fs::read(&list).unwrap();
    medzk()
        .current_dir(&dir)
        .args(["issuer", "revoke", "--issuer", "registry-key.json", "--index", "0"])
        .assert()
        .success();
    let root = |extra: &[&str]| {
        let mut args = vec!["issuers", "root", "--issuer", "registry-key.json"];
        args.extend_from_slice(extra);
        medzk().current_dir(&dir).args(&args).assert()
    };
    root(&["--previous", "registry.json", "--out", "revoked.json"]).success();
    // The issuer's older list (validly signed, nothing revoked) is put back.
    std::fs::write(&list, before).unwrap();
    let out = root(&["--previous", "revoked.json"]).code(2).get_output().clone();
    assert!(one_line_error(&out).contains("older than the previous registry"), "{}", one_line_error(&out));
    std::fs::remove_dir_all(&dir).ok();
}
