//! Building the holder's witness: credentials in slot order, the holder secret,
//! the issuer registry, and the set proofs the compiled policy needs.

use crate::compile::Compiled;
use crate::registry::IssuerRegistry;
use crate::PolicyError;
use medzk_circuits::field::biguint_from_fr;
use medzk_circuits::query::{
    evaluate, Evaluation, ListMode, Op, QueryWitness, RecordWitness, SetWitness, VerifierContext,
};
use medzk_circuits::CircuitError;
use medzk_records::{Credential, HolderSecret};

/// Picks, for each record slot in order, the first unused credential of the
/// slot's schema.
pub fn assign_credentials<'a>(
    compiled: &Compiled,
    credentials: &'a [Credential],
) -> Result<Vec<&'a Credential>, PolicyError> {
    let mut used = vec![false; credentials.len()];
    let mut out = Vec::with_capacity(compiled.schemas.len());
    for (slot, schema) in compiled.schemas.iter().enumerate() {
        let index = credentials
            .iter()
            .enumerate()
            .position(|(i, c)| !used[i] && c.record.data.schema() == *schema)
            .ok_or_else(|| PolicyError::Credentials {
                slot,
                expected: schema.name(),
                problem: format!("no {} credential among the {} given", schema.name(), credentials.len()),
            })?;
        used[index] = true;
        out.push(&credentials[index]);
    }
    Ok(out)
}

/// Builds the full witness for credentials given in record-slot order, for a
/// policy whose list checks (if any) have no window relative to the reference
/// date; otherwise use [`build_witness_at`].
pub fn build_witness(
    compiled: &Compiled,
    credentials: &[&Credential],
    holder: &HolderSecret,
    registry: &IssuerRegistry,
) -> Result<QueryWitness, PolicyError> {
    build_witness_at(compiled, credentials, holder, registry, None)
}

/// Builds the full witness for credentials given in record-slot order, with
/// the list proofs for the reference date (needed by windows relative to it).
pub fn build_witness_at(
    compiled: &Compiled,
    credentials: &[&Credential],
    holder: &HolderSecret,
    registry: &IssuerRegistry,
    reference_date: Option<u32>,
) -> Result<QueryWitness, PolicyError> {
    if credentials.len() != compiled.schemas.len() {
        return Err(PolicyError::Credentials {
            slot: credentials.len().min(compiled.schemas.len()),
            expected: compiled.schemas.get(credentials.len()).map_or("none", |s| s.name()),
            problem: format!("{} credentials for {} record slots", credentials.len(), compiled.schemas.len()),
        });
    }
    let mut records = Vec::with_capacity(credentials.len());
    for (slot, (credential, schema)) in credentials.iter().zip(&compiled.schemas).enumerate() {
        if credential.record.data.schema() != *schema {
            return Err(PolicyError::Credentials {
                slot,
                expected: schema.name(),
                problem: format!("got a {} credential", credential.record.data.schema().name()),
            });
        }
        let index = credential.record.revocation_index()?;
        let (path, schemas, revocation) =
            registry.witness(&credential.issuer, index).ok_or(PolicyError::IssuerNotInRegistry(slot))?;
        records.push(credential.to_witness(path, schemas, revocation));
    }
    // The slots the policy leaves unused hold placeholders.
    let shape = compiled.shape();
    let holder_commitment = holder.commitment();
    for slot in records.len()..shape.records {
        records.push(RecordWitness::placeholder(holder_commitment, slot, &shape));
    }
    let mut sets = vec![None; compiled.set_trees.len()];
    for clause in &compiled.policy.clauses {
        for p in &clause.predicates {
            if !matches!(p.op, Op::In | Op::NotIn) {
                continue;
            }
            let slot = usize::from(p.set);
            let Some(tree) = &compiled.set_trees[slot] else { continue };
            let field = records[usize::from(p.record)].fields[usize::from(p.field)];
            let value = u64::try_from(biguint_from_fr(&field)).unwrap_or(0);
            sets[slot] = Some(SetWitness { value, proof: tree.leaf_proof(value)? });
        }
    }
    let mut lists = vec![None; shape.lists];
    for (j, check) in compiled.policy.lists.iter().enumerate() {
        if check.mode == ListMode::Unused {
            continue;
        }
        let slot = usize::from(check.record);
        let list_error = |problem: String| PolicyError::Credentials {
            slot,
            expected: compiled.schemas[slot].name(),
            problem,
        };
        let list = credentials[slot]
            .list
            .as_ref()
            .ok_or_else(|| list_error("the list credential carries no entries".into()))?;
        let date = match (check.since_is_reference_date, reference_date) {
            (false, _) => 0,
            (true, Some(d)) => d,
            (true, None) => {
                return Err(list_error(format!(
                    "list check {j} has a window relative to the reference date: build the witness with it"
                )))
            }
        };
        // A window before day 0 proves nothing; the evaluation says so.
        let Some(range) = check.effective_range(date) else { continue };
        let tree = list.tree()?;
        lists[j] = Some(tree.proof_for(check.mode == ListMode::NoneIn, range)?);
    }
    Ok(QueryWitness { holder_secret: holder.to_field(), records, sets, lists })
}

/// Evaluates the statement natively and, if it fails, says which check failed
/// in the policy's words (for the holder only: a verifier never sees this).
pub fn explain(
    compiled: &Compiled,
    witness: &QueryWitness,
    context: &VerifierContext,
) -> Result<Evaluation, String> {
    evaluate(&compiled.policy, witness, context).map_err(|e| match e {
        CircuitError::ClauseFailed(k) => format!("clause {k} is not satisfied: {}", compiled.descriptions[k]),
        CircuitError::RecordExpired(r)
        | CircuitError::RecordNotYetIssued(r)
        | CircuitError::IssuerSchemaNotAllowed(r)
        | CircuitError::HolderMismatch(r)
        | CircuitError::IssuerNotTrusted(r)
        | CircuitError::RecordRevoked(r)
        | CircuitError::RevocationIndex(r)
        | CircuitError::RevocationProof(r)
        | CircuitError::RecordSignature(r) => {
            match (compiled.document.records.get(r), compiled.schemas.get(r)) {
                (Some(slot), Some(schema)) => format!("record {} ({}): {e}", slot.name, schema.name()),
                _ => format!("unused record slot {r}: {e}"),
            }
        }
        CircuitError::RelativeBound(k) => format!("clause {k}: {e}: {}", compiled.descriptions[k]),
        CircuitError::ListCheckFailed(j) => match compiled.list_descriptions.get(j) {
            Some(d) => format!("list check {j} does not hold: {d}"),
            None => e.to_string(),
        },
        other => other.to_string(),
    })
}
