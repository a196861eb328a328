//! A working directory for CLI tests: an issuer, a holder, one COVID-19
//! vaccination credential (in `creds/`), the registry (`registry.json`) and
//! small-shape dev keys (`keys/`), all made by the `medzk` binary.

use assert_cmd::Command;
use std::path::Path;

/// The `medzk` binary under test.
pub fn medzk() -> Command {
    Command::cargo_bin("medzk").unwrap()
}

/// Fills `dir` as described above, with dev keys from `seed`; returns the
/// registry root (decimal) as `medzk issuers root` printed it.
pub fn vaccination_workspace(dir: &Path, seed: u64) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let run = |args: &[&str]| {
        let out = medzk().current_dir(dir).args(args).output().unwrap();
        assert!(out.status.success(), "medzk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    run(&[
        "issuer",
        "keygen",
        "--name",
        "Registry",
        "--schemas",
        "immunization,patient",
        "--out",
        "registry-key.json",
    ]);
    run(&["holder", "keygen", "--out", "me.json"]);
    std::fs::write(
        dir.join("immunization.json"),
        r#"{"resourceType": "Immunization", "id": "dose2", "status": "completed",
            "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "208"}]},
            "occurrenceDateTime": "2021-07-01"}"#,
    )
    .unwrap();
    run(&[
        "issue",
        "--issuer",
        "registry-key.json",
        "--holder",
        "me.json",
        "--fhir",
        "immunization.json",
        // Before the tests' fixed reference date 2026-06-01, valid past today.
        "--issued-on",
        "2026-01-02",
        "--valid-days",
        "3650",
        "--out-dir",
        "creds",
    ]);
    let root = run(&["issuers", "root", "--issuer", "registry-key.json", "--out", "registry.json"]);
    run(&["setup", "--shape", "small", "--insecure-dev-seed", &seed.to_string(), "--out-dir", "keys"]);
    root.trim().to_string()
}
