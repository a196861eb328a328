//! Compiling `none_in` / `any_in` clauses into the circuit's list checks.
//!
//! ```json
//! {"record": "conditions", "op": "none_in", "codes": ["E10.*", "E23.2", "K70-K77"]}
//! {"record": "conditions", "op": "none_in", "codes": ["E11.1*"], "since": "@reference_date - 30d"}
//! {"record": "medications", "op": "any_in", "codes": ["A10BA02"], "since": "@reference_date - 8w"}
//! ```
//!
//! A clause's record must be an attested list (`condition_list`,
//! `medication_list`, `procedure_list`). Each pattern of a `none_in` is one
//! list check (their AND); an `any_in` takes one pattern. Without `since` a
//! pattern may be a code, a prefix or a range; with `since` it must be a code
//! or a prefix (a code then stands for itself and its sub-codes), because
//! the list keeps one latest day per prefix, not per range. List clauses are
//! conjuncts: they cannot be part of an `any`.

use crate::document::{OpName, Policy, PredicateDoc, REFERENCE_DATE};
use crate::PolicyError;
use medzk_circuits::attested_list::KeyRange;
use medzk_circuits::query::list_check::SINCE_BITS;
use medzk_circuits::query::{ListCheck, ListMode};
use medzk_records::{ListKind, Schema};

/// Whether a predicate is a list clause.
pub(crate) fn is_list_op(op: OpName) -> bool {
    matches!(op, OpName::NoneIn | OpName::AnyIn)
}

/// The window of `since`: `(relative, day or offset)`.
fn window(clause: usize, text: &str) -> Result<(bool, u32), PolicyError> {
    let bad = |problem: &'static str| PolicyError::RelativeDate { clause, value: text.into(), problem };
    if let Some(rest) = text.trim().strip_prefix(REFERENCE_DATE) {
        let mut days = 0u64;
        let mut rest = rest.trim_start();
        while !rest.is_empty() {
            rest = rest
                .strip_prefix('-')
                .ok_or_else(|| bad("terms are written `- N` followed by d or w"))?
                .trim_start();
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 6 {
                return Err(bad("each term is `- N` with N of 1 to 6 digits, then d or w"));
            }
            let n: u64 = rest[..digits].parse().map_err(|_| bad("not a number"))?;
            match rest[digits..].chars().next() {
                Some('d') => days += n,
                Some('w') => days += 7 * n,
                Some('y' | 'm') => {
                    return Err(bad("list windows are in days or weeks (write 1 year as 365d)"))
                }
                _ => return Err(bad("units are d (days) and w (weeks)")),
            }
            rest = rest[digits + 1..].trim_start();
        }
        if days >> SINCE_BITS != 0 {
            return Err(bad("at most 131,071 days back"));
        }
        return Ok((true, days as u32));
    }
    let day = medzk_records::encoding::encode_date("since", text)
        .map_err(|source| PolicyError::Value { clause, source })?;
    if day >> SINCE_BITS != 0 {
        return Err(bad("a window date must be before 2258"));
    }
    Ok((false, day))
}

/// The list checks of one list clause, with a description of each.
pub(crate) fn compile_list_clause(
    policy: &Policy,
    clause: usize,
    doc: &PredicateDoc,
    schemas: &[Schema],
) -> Result<Vec<(ListCheck, String)>, PolicyError> {
    let record = policy
        .records
        .iter()
        .position(|r| r.name == doc.record)
        .ok_or_else(|| PolicyError::UnknownRecord { clause, name: doc.record.clone() })?;
    let op = doc.op;
    let invalid = |problem| PolicyError::InvalidClause { clause, problem };
    let kind = ListKind::of_schema(schemas[record]).ok_or(invalid(
        "none_in and any_in read an attested list (condition_list, medication_list, procedure_list)",
    ))?;
    let others =
        [doc.value.is_some(), doc.min.is_some(), doc.max.is_some(), doc.values.is_some(), doc.set.is_some()];
    if !doc.field.is_empty() || others.iter().any(|x| *x) {
        return Err(PolicyError::Operands {
            clause,
            op: op.as_str(),
            problem: "takes codes (and since), no field or value",
        });
    }
    let codes = doc.codes.as_deref().unwrap_or_default();
    if codes.is_empty() {
        return Err(PolicyError::Operands {
            clause,
            op: op.as_str(),
            problem: "needs at least one code pattern",
        });
    }
    if op == OpName::AnyIn && codes.len() != 1 {
        return Err(PolicyError::Operands {
            clause,
            op: op.as_str(),
            problem: "takes one code pattern (list checks are conjuncts; write one clause per pattern)",
        });
    }
    let since = doc.since.as_deref().map(|s| window(clause, s)).transpose()?;
    let mode = if op == OpName::NoneIn { ListMode::NoneIn } else { ListMode::AnyIn };
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        let pattern = kind.pattern(code).map_err(|source| PolicyError::Value { clause, source })?;
        let range = match since {
            None => {
                let (lo, hi) = pattern.interval();
                KeyRange::codes(lo, hi)
            }
            Some(_) => KeyRange::prefix_since(
                pattern.prefix().ok_or(invalid(
                    "a window needs a code or a prefix, not a range: split the range into prefixes",
                ))?,
                0,
            ),
        };
        let (relative, day) = since.unwrap_or((false, 0));
        let check = ListCheck {
            since_is_reference_date: relative,
            since: day,
            ..ListCheck::new(mode, record as u8, range)
        };
        let window = doc.since.as_deref().map(|s| format!(" since {s}")).unwrap_or_default();
        out.push((check, format!("{}: {} {code}{window}", doc.record, op.as_str())));
    }
    Ok(out)
}
