//! The Solidity verifier and gate on a real EVM (revm, whose BN254 precompiles
//! are substrate-bn, not arkworks), from the bytecode solc 0.8.28 compiled
//! (`verifier/solidity/build/`, recompiled and diffed by `.ci/run`). Proofs come
//! from the Rust prover and from the CLI. Gas is printed (`--nocapture`).

#[path = "cli_workspace.rs"]
mod cli_workspace;
#[path = "../../tests/support/scenario.rs"]
mod scenario;

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolError};
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use cli_workspace::{medzk, vaccination_workspace};
use medzk::circuits::query::VerifierContext;
use medzk::verifier::{Proof, PublicInputs};
use revm::context::result::ExecutionResult;
use revm::context::TxEnv;
use revm::database::{CacheDB, EmptyDB};
use revm::precompile::Precompiles;
use revm::primitives::TxKind;
use revm::{Context, ExecuteCommitEvm, MainBuilder, MainContext};
use scenario::*;

sol! {
    function verifyProof(uint256[8] proof, uint256[7] input) external view returns (bool);
    function submit(uint256[8] proof, uint256[7] input) external;
    function checkSubmission(uint256[8] proof, uint256[7] input) external view;
    function challengeFor(address submitter) external view returns (uint256);
    function setIssuerRoot(uint256 root) external;
    function nullifierUsed(uint256 nullifier) external view returns (bool);
    error NotOwner();
    error CalldataLength();
    error FieldElementOutOfRange();
    error WrongPolicy();
    error WrongScope();
    error UnknownIssuerRoot();
    error ReferenceDateOutOfWindow();
    error WrongChallenge();
    error InvalidProof();
    error NullifierUsed();
}

const VERIFIER_BIN: &str = include_str!("../../verifier/solidity/build/MedzkVerifier.bin");
const GATE_BIN: &str = include_str!("../../verifier/solidity/build/MedzkGate.bin");
const SNARKJS_VERIFIER_GAS: u64 = 228_804;
const OWNER: Address = Address::repeat_byte(0x11);
const HOLDER: Address = Address::repeat_byte(0x22);
const FRONT_RUNNER: Address = Address::repeat_byte(0x33);
/// medzk day numbers count from 1900-01-01; 1970-01-01 is day 25567.
const UNIX_EPOCH_DAY: u64 = 25_567;

fn r_modulus() -> U256 {
    U256::from_le_slice(&Fr::MODULUS.to_bytes_le())
}

fn word(x: &impl PrimeField) -> U256 {
    U256::from_le_slice(&x.into_bigint().to_bytes_le())
}

/// `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]`.
fn proof_words(proof: &Proof) -> [U256; 8] {
    [
        word(&proof.a.x),
        word(&proof.a.y),
        word(&proof.b.x.c1),
        word(&proof.b.x.c0),
        word(&proof.b.y.c1),
        word(&proof.b.y.c0),
        word(&proof.c.x),
        word(&proof.c.y),
    ]
}

fn input_words(public: &PublicInputs) -> [U256; 7] {
    public.to_field_elements().map(|x| word(&x))
}

fn field(x: U256) -> Fr {
    Fr::from_le_bytes_mod_order(&x.to_le_bytes::<32>())
}

/// Outcome of one transaction.
#[derive(Debug)]
enum Outcome {
    Success { output: Bytes, execution_gas: u64, logs: usize },
    Revert(Bytes),
    Halt,
}

impl Outcome {
    fn returned_true(&self) -> bool {
        matches!(self, Outcome::Success { output, .. } if output.len() == 32 && output[31] == 1 && output[..31].iter().all(|b| *b == 0))
    }
    fn reverted_with<E: SolError>(&self) -> bool {
        matches!(self, Outcome::Revert(data) if data.starts_with(&E::SELECTOR))
    }
    fn gas(&self) -> u64 {
        match self {
            Outcome::Success { execution_gas, .. } => *execution_gas,
            _ => panic!("not a success: {self:?}"),
        }
    }
}

struct Chain {
    evm: revm::handler::MainnetEvm<revm::handler::MainnetContext<CacheDB<EmptyDB>>>,
}

impl Chain {
    fn new(day: u64) -> Self {
        let ctx = Context::mainnet()
            .with_db(CacheDB::<EmptyDB>::default())
            .modify_cfg_chained(|cfg| cfg.disable_nonce_check = true);
        let mut chain = Chain { evm: ctx.build_mainnet() };
        chain.set_day(day, 12 * 3600);
        chain
    }

    /// A chain without the precompiles at `missing` (0x06 ecAdd, 0x07 ecMul,
    /// 0x08 ecPairing), as on a chain that never had them: a call there
    /// reaches an account without code, which succeeds and returns nothing.
    fn without_precompiles(day: u64, missing: &[u8]) -> Self {
        let mut chain = Chain::new(day);
        let current: &Precompiles = chain.evm.precompiles.precompiles;
        let mut removed = Precompiles::default();
        removed.extend(missing.iter().map(|&a| current.get(&Address::with_last_byte(a)).unwrap().clone()));
        // The precompile set is `&'static`; one small leak per test chain.
        chain.evm.precompiles.precompiles = Box::leak(Box::new(current.difference(&removed)));
        for &a in missing {
            assert!(!chain.evm.precompiles.contains(&Address::with_last_byte(a)));
        }
        chain
    }

    fn set_day(&mut self, day: u64, seconds: u64) {
        self.evm.ctx.block.timestamp = U256::from((day - UNIX_EPOCH_DAY) * 86_400 + seconds);
    }

    fn timestamp(&self) -> u64 {
        self.evm.ctx.block.timestamp.to::<u64>()
    }

    fn transact(&mut self, from: Address, kind: TxKind, data: Vec<u8>) -> (Outcome, Option<Address>) {
        let intrinsic = 21_000 + data.iter().map(|b| if *b == 0 { 4 } else { 16 }).sum::<u64>();
        let tx = TxEnv::builder()
            .caller(from)
            .kind(kind)
            .data(data.into())
            .gas_limit(5_000_000)
            .gas_price(0)
            .build()
            .unwrap();
        let result = self.evm.transact_commit(tx).expect("the EVM runs the transaction");
        let created = result.created_address();
        let outcome = match result {
            ExecutionResult::Success { output, gas, logs, .. } => Outcome::Success {
                output: output.into_data(),
                execution_gas: gas.tx_gas_used() - intrinsic,
                logs: logs.len(),
            },
            ExecutionResult::Revert { output, .. } => Outcome::Revert(output),
            ExecutionResult::Halt { .. } => Outcome::Halt,
        };
        (outcome, created)
    }

    fn deploy(&mut self, bin: &str, args: &[U256]) -> Address {
        let mut code = hex::decode(bin.trim()).unwrap();
        for a in args {
            code.extend_from_slice(&a.to_be_bytes::<32>());
        }
        let (outcome, created) = self.transact(OWNER, TxKind::Create, code);
        assert!(matches!(outcome, Outcome::Success { .. }), "deployment failed: {outcome:?}");
        created.unwrap()
    }

    fn call(&mut self, from: Address, to: Address, data: Vec<u8>) -> Outcome {
        self.transact(from, TxKind::Call(to), data).0
    }
}

fn verify_call(proof: [U256; 8], input: [U256; 7]) -> Vec<u8> {
    verifyProofCall { proof, input }.abi_encode()
}

/// The vaccination scenario proved for `challenge` at 2026-06-01.
fn vaccination_proof(challenge: Fr) -> ([U256; 8], [U256; 7], VerifierContext, scenario::Scenario) {
    let s = vaccination();
    let mut ctx = context(&s.compiled, &s.world.registry, 0);
    ctx.challenge = challenge;
    let (proof, public) = s.prove(&ctx).unwrap();
    (proof_words(&proof), input_words(&public), ctx, s)
}

#[test]
fn the_solidity_verifier_accepts_valid_proofs_and_rejects_every_tampering() {
    let (proof, input, ctx, _) = vaccination_proof(Fr::from(99u64));
    let mut chain = Chain::new(ctx.reference_date as u64);
    let verifier = chain.deploy(VERIFIER_BIN, &[]);

    let valid = chain.call(HOLDER, verifier, verify_call(proof, input));
    assert!(valid.returned_true(), "{valid:?}");
    let gas = valid.gas();
    let floor = 181_150 + 6_150 * 7;
    println!(
        "MedzkVerifier.verifyProof: {gas} execution gas (precompile floor {floor}, snarkjs template {SNARKJS_VERIFIER_GAS})"
    );

    // Each public input changed, and each replaced by itself + r (aliasing).
    for k in 0..7 {
        let mut changed = input;
        changed[k] = if changed[k] == U256::ZERO { U256::from(1) } else { changed[k] - U256::from(1) };
        assert!(
            !chain.call(HOLDER, verifier, verify_call(proof, changed)).returned_true(),
            "input {k} changed"
        );
        let mut aliased = input;
        aliased[k] += r_modulus();
        assert_eq!(field(aliased[k]), field(input[k]));
        assert!(!chain.call(HOLDER, verifier, verify_call(proof, aliased)).returned_true(), "input {k} + r");
    }
    // Each proof coordinate changed or replaced by itself + p.
    let p = U256::from_le_slice(&ark_bn254::Fq::MODULUS.to_bytes_le());
    for k in 0..8 {
        let mut changed = proof;
        changed[k] ^= U256::from(1);
        let outcome = chain.call(HOLDER, verifier, verify_call(changed, input));
        assert!(!outcome.returned_true(), "coordinate {k} changed: {outcome:?}");
        let mut aliased = proof;
        aliased[k] += p;
        assert!(
            !chain.call(HOLDER, verifier, verify_call(aliased, input)).returned_true(),
            "coordinate {k} + p"
        );
    }
    // Short, long and empty calldata revert: never a success without a `true`.
    let data = verify_call(proof, input);
    for bad in [data[..data.len() - 1].to_vec(), [data.clone(), vec![0]].concat(), data[..4].to_vec(), vec![]]
    {
        let outcome = chain.call(HOLDER, verifier, bad);
        assert!(matches!(outcome, Outcome::Revert(_) | Outcome::Halt), "{outcome:?}");
    }
}

/// The review's finding: the pairing call's success flag was and-ed with the
/// word at its output, never checking that anything was returned. Where
/// ecPairing is absent the call succeeds with no return data, the word is
/// still A.x, and any proof with an odd A.x verified. Now each precompile call
/// must return data of its exact size (and the pairing's word must be 1).
#[test]
fn without_the_bn254_precompiles_nothing_verifies() {
    let (valid, input, ctx, _) = vaccination_proof(Fr::from(99u64));
    // Any coordinates below p with A.x odd: what the old verifier accepted.
    let forged: [U256; 8] = core::array::from_fn(|k| U256::from(k + 1));
    assert_eq!(forged[0] & U256::from(1), U256::from(1));

    let mut chain = Chain::new(ctx.reference_date as u64);
    let verifier = chain.deploy(VERIFIER_BIN, &[]);
    assert!(!chain.call(HOLDER, verifier, verify_call(forged, input)).returned_true());

    for missing in [&[0x08][..], &[0x06], &[0x07], &[0x06, 0x07, 0x08]] {
        let mut chain = Chain::without_precompiles(ctx.reference_date as u64, missing);
        let verifier = chain.deploy(VERIFIER_BIN, &[]);
        for proof in [forged, valid] {
            let outcome = chain.call(HOLDER, verifier, verify_call(proof, input));
            assert!(!outcome.returned_true(), "precompiles {missing:x?} absent: {outcome:?}");
            assert!(matches!(outcome, Outcome::Success { .. }), "false, not a revert: {outcome:?}");
        }
    }

    // The gate: without ecPairing a forged proof is refused; without ecMul or
    // ecAdd it cannot even fold its constant inputs, and refuses to deploy.
    let s = vaccination();
    let probe = context(&s.compiled, &s.world.registry, 0);
    let mut chain = Chain::without_precompiles(probe.reference_date as u64, &[0x08]);
    let gate = gate(&mut chain, &probe, s.compiled.hash());
    let mut claimed = input_words(&PublicInputs {
        issuer_root: probe.issuer_root,
        policy_hash: s.compiled.hash(),
        reference_date: probe.reference_date,
        scope: probe.scope,
        nullifier: Fr::from(1u64),
        challenge: challenge_for(&mut chain, gate, HOLDER),
        revealed_hash: Fr::from(0u64),
    });
    let submit = |p: [U256; 8], i: [U256; 7]| submitCall { proof: p, input: i }.abi_encode();
    assert!(chain.call(HOLDER, gate, submit(forged, claimed)).reverted_with::<InvalidProof>());
    claimed[6] = U256::from(3); // a non-zero revealed hash: one more ecMul and ecAdd
    assert!(chain.call(HOLDER, gate, submit(forged, claimed)).reverted_with::<InvalidProof>());
    for missing in [0x06u8, 0x07] {
        let mut chain = Chain::without_precompiles(probe.reference_date as u64, &[missing]);
        let args = [
            word(&s.compiled.hash()),
            word(&probe.scope),
            word(&probe.issuer_root),
            U256::from(30),
            U256::from(86_400),
        ];
        let mut code = hex::decode(GATE_BIN.trim()).unwrap();
        args.iter().for_each(|a| code.extend_from_slice(&a.to_be_bytes::<32>()));
        let (outcome, _) = chain.transact(OWNER, TxKind::Create, code);
        assert!(matches!(outcome, Outcome::Revert(_)), "gate deployed without {missing:#x}: {outcome:?}");
    }
}

/// A gate for the vaccination policy, deployed at the scenario's reference date.
fn gate(chain: &mut Chain, ctx: &VerifierContext, policy_hash: Fr) -> Address {
    let args =
        [word(&policy_hash), word(&ctx.scope), word(&ctx.issuer_root), U256::from(30), U256::from(86_400)];
    chain.deploy(GATE_BIN, &args)
}

fn challenge_for(chain: &mut Chain, gate: Address, who: Address) -> Fr {
    let out = chain.call(who, gate, challengeForCall { submitter: who }.abi_encode());
    match out {
        Outcome::Success { output, .. } => field(U256::from_be_slice(&output)),
        other => panic!("challengeFor failed: {other:?}"),
    }
}

#[test]
fn the_gate_admits_each_holder_once_and_refuses_what_it_must() {
    // Deploy first: the challenge depends on the gate's address and the submitter.
    let s = vaccination();
    let probe = context(&s.compiled, &s.world.registry, 0);
    let mut chain = Chain::new(probe.reference_date as u64);
    let gate = gate(&mut chain, &probe, s.compiled.hash());
    let challenge = challenge_for(&mut chain, gate, HOLDER);
    let (proof, input, ctx, s) = vaccination_proof(challenge);
    let submit = |p: [U256; 8], i: [U256; 7]| submitCall { proof: p, input: i }.abi_encode();
    let check = |p: [U256; 8], i: [U256; 7]| checkSubmissionCall { proof: p, input: i }.abi_encode();

    let verification = chain.call(HOLDER, gate, check(proof, input));
    assert!(matches!(verification, Outcome::Success { .. }), "{verification:?}");
    // Someone else submitting the holder's proof: its challenge is not theirs.
    assert!(chain.call(FRONT_RUNNER, gate, submit(proof, input)).reverted_with::<WrongChallenge>());
    // Tampered inputs.
    let mut nullifier = input;
    nullifier[4] += U256::from(1);
    assert!(chain.call(HOLDER, gate, submit(proof, nullifier)).reverted_with::<InvalidProof>());
    for k in 0..7 {
        let mut aliased = input;
        aliased[k] += r_modulus();
        assert!(chain.call(HOLDER, gate, submit(proof, aliased)).reverted_with::<FieldElementOutOfRange>());
    }
    let mut policy = input;
    policy[1] += U256::from(1);
    assert!(chain.call(HOLDER, gate, submit(proof, policy)).reverted_with::<WrongPolicy>());
    let mut scope = input;
    scope[3] += U256::from(1);
    assert!(chain.call(HOLDER, gate, submit(proof, scope)).reverted_with::<WrongScope>());
    let mut root = input;
    root[0] += U256::from(1);
    assert!(chain.call(HOLDER, gate, submit(proof, root)).reverted_with::<UnknownIssuerRoot>());
    let mut coordinate = proof;
    coordinate[6] ^= U256::from(1);
    assert!(chain.call(HOLDER, gate, submit(coordinate, input)).reverted_with::<InvalidProof>());
    let data = submit(proof, input);
    assert!(
        chain.call(HOLDER, gate, data[..data.len() - 32].to_vec()).reverted_with::<CalldataLength>()
            || matches!(chain.call(HOLDER, gate, data[..data.len() - 32].to_vec()), Outcome::Revert(_))
    );
    assert!(chain.call(HOLDER, gate, [data.clone(), vec![0; 32]].concat()).reverted_with::<CalldataLength>());

    // Admitted once, with an event; the same nullifier again is refused.
    let admitted = chain.call(HOLDER, gate, submit(proof, input));
    let total = admitted.gas();
    assert!(matches!(admitted, Outcome::Success { logs: 1, .. }));
    let used = chain.call(HOLDER, gate, nullifierUsedCall { nullifier: input[4] }.abi_encode());
    assert!(used.returned_true());
    assert!(chain.call(HOLDER, gate, submit(proof, input)).reverted_with::<NullifierUsed>());
    println!(
        "MedzkGate: verification part (checkSubmission) {} execution gas = {:.3} x snarkjs {SNARKJS_VERIFIER_GAS}; submit total {total}",
        verification.gas(),
        verification.gas() as f64 / SNARKJS_VERIFIER_GAS as f64
    );

    // A gate for another policy refuses the proof.
    let other = gate_with(&mut chain, &ctx, s.compiled.hash() + Fr::from(1u64));
    let challenge_other = challenge_for(&mut chain, other, HOLDER);
    assert_ne!(challenge_other, challenge);
    assert!(chain.call(HOLDER, other, check(proof, input)).reverted_with::<WrongPolicy>());

    // Root rotation: only the owner; the old root is accepted for the grace period, then not.
    assert!(chain
        .call(HOLDER, gate, setIssuerRootCall { root: U256::from(5) }.abi_encode())
        .reverted_with::<NotOwner>());
    assert!(matches!(
        chain.call(OWNER, gate, setIssuerRootCall { root: U256::from(5) }.abi_encode()),
        Outcome::Success { logs: 1, .. }
    ));
    assert!(matches!(chain.call(HOLDER, gate, check(proof, input)), Outcome::Success { .. }));
    let now = chain.timestamp();
    chain.evm.ctx.block.timestamp = U256::from(now + 86_401);
    assert!(chain.call(HOLDER, gate, check(proof, input)).reverted_with::<UnknownIssuerRoot>());
    assert!(matches!(
        chain.call(OWNER, gate, setIssuerRootCall { root: input[0] }.abi_encode()),
        Outcome::Success { .. }
    ));
    // Reference date window: 30 days back, one day ahead.
    chain.set_day(ctx.reference_date as u64 + 30, 0);
    assert!(matches!(chain.call(HOLDER, gate, check(proof, input)), Outcome::Success { .. }));
    chain.set_day(ctx.reference_date as u64 + 31, 0);
    assert!(chain.call(HOLDER, gate, check(proof, input)).reverted_with::<ReferenceDateOutOfWindow>());
    chain.set_day(ctx.reference_date as u64 - 2, 0);
    assert!(chain.call(HOLDER, gate, check(proof, input)).reverted_with::<ReferenceDateOutOfWindow>());
}

fn gate_with(chain: &mut Chain, ctx: &VerifierContext, policy_hash: Fr) -> Address {
    gate(chain, ctx, policy_hash)
}

#[test]
fn a_cli_proof_is_admitted_by_the_gate() {
    let dir = std::env::temp_dir().join(format!("medzk-evm-test-{}", std::process::id()));
    // Dev keys from seed 42: the key the committed verifier was rendered from.
    let root: Fr = vaccination_workspace(&dir, 42).parse().unwrap();
    let run = |args: &[&str]| {
        let out = medzk().current_dir(&dir).args(args).output().unwrap();
        assert!(out.status.success(), "medzk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["export", "solidity", "--shape", "small", "--keys", "keys", "--out-dir", "sol"]);
    let rendered = std::fs::read_to_string(dir.join("sol/MedzkVerifier.sol")).unwrap();
    assert_eq!(
        rendered,
        include_str!("../../verifier/solidity/MedzkVerifier.sol"),
        "regenerate the reference verifier"
    );

    let policy = format!("{}/../examples/policies/vaccinated-after.json", env!("CARGO_MANIFEST_DIR"));
    let compiled = medzk::policy::Policy::from_json(&std::fs::read_to_string(&policy).unwrap())
        .unwrap()
        .compile()
        .unwrap();
    let day = medzk::records::encoding::encode_date("d", "2026-06-01").unwrap();
    let ctx = VerifierContext {
        issuer_root: root,
        reference_date: day,
        scope: compiled.scope,
        challenge: Fr::from(0u64),
    };
    let mut chain = Chain::new(day as u64);
    let gate = gate(&mut chain, &ctx, compiled.hash());
    let challenge = challenge_for(&mut chain, gate, HOLDER);
    let cred = std::fs::read_dir(dir.join("creds")).unwrap().next().unwrap().unwrap().path();
    run(&[
        "prove",
        "--policy",
        &policy,
        "--credential",
        cred.to_str().unwrap(),
        "--holder",
        "me.json",
        "--registry",
        "registry.json",
        "--keys",
        "keys",
        "--challenge",
        &challenge.to_string(),
        "--reference-date",
        "2026-06-01",
        "--out",
        "proof.json",
    ]);
    let (_, proof, public) = medzk::files::read_proof(&dir.join("proof.json")).unwrap();
    let data = submitCall { proof: proof_words(&proof), input: input_words(&public) }.abi_encode();
    let admitted = chain.call(HOLDER, gate, data.clone());
    assert!(matches!(admitted, Outcome::Success { logs: 1, .. }), "{admitted:?}");
    assert!(chain.call(HOLDER, gate, data).reverted_with::<NullifierUsed>());
    std::fs::remove_dir_all(&dir).ok();
}
