//! Renders the Solidity verifier for a snarkjs `verification_key.json`, as
//! `medzk export solidity` does for a key directory (both call
//! `medzk_verifier::solidity::render_verifier`):
//!
//! ```text
//! cargo run -p medzk-verifier --example render_solidity -- KEY.json small > MedzkVerifier.sol
//! ```
//!
//! `verifier/solidity/regenerate.sh` regenerates the committed reference
//! verifier and its bytecode through the CLI; this renders from a key file
//! without building the CLI.

use medzk_verifier::{snarkjs, solidity};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [key, shape] = args.as_slice() else {
        eprintln!("usage: render_solidity <verification_key.json> <shape>");
        return ExitCode::from(2);
    };
    let rendered = std::fs::read_to_string(key)
        .map_err(|e| format!("{key}: {e}"))
        .and_then(|text| snarkjs::verifying_key_from_json(&text).map_err(|e| format!("{key}: {e}")))
        .and_then(|vk| solidity::render_verifier(&vk, shape).map_err(|e| format!("{key}: {e}")));
    match rendered {
        Ok(source) => {
            print!("{source}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("render_solidity: {e}");
            ExitCode::from(2)
        }
    }
}
