//! Validation and compilation of a [`Policy`] into the query circuit's clause data.

use crate::document::{OpName, Policy, PredicateDoc, REFERENCE_DATE};
use crate::PolicyError;
use medzk_circuits::field::{biguint_from_fr, fr_from_decimal};
use medzk_circuits::indexed_merkle::{IndexedMerkleTree, SENTINEL_HIGH, SENTINEL_LOW};
use medzk_circuits::query::{
    Clause, CompiledPolicy, ListCheck, Op, Predicate, QueryShape, SetSlot, MAX_DAY_OFFSET, UNUSED_SCHEMA,
};
use medzk_circuits::Fr;
use medzk_records::encoding::{
    code_prefix_interval, convert_quantity_bounds, encode_milli_bounds, quantity_kind, text_hash, Unit,
    QUANTITY_KINDS,
};
use medzk_records::schema::FieldType;
use medzk_records::Schema;
use std::collections::BTreeSet;

/// A policy compiled for its shape, with the trees of its code sets.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The source document.
    pub document: Policy,
    /// The clause data the circuit enforces.
    pub policy: CompiledPolicy,
    /// The schema of each record slot.
    pub schemas: Vec<Schema>,
    /// The tree of each set slot (`None` when unused).
    pub set_trees: Vec<Option<IndexedMerkleTree>>,
    /// The scope as a field element.
    pub scope: Fr,
    /// The trusted-issuer root the policy pins, if any.
    pub trusted_issuers_root: Option<Fr>,
    /// One line per clause slot describing it (for explanations).
    pub descriptions: Vec<String>,
    /// One line per active list-check slot describing it.
    pub list_descriptions: Vec<String>,
}

impl Compiled {
    /// The policy hash (a public input of every proof for this policy).
    pub fn hash(&self) -> Fr {
        self.policy.hash()
    }

    /// The shape.
    pub fn shape(&self) -> QueryShape {
        self.policy.shape
    }
}

/// The scope field element of a scope string: the text hash of its UTF-8 bytes.
pub fn scope_from_str(scope: &str) -> Result<Fr, PolicyError> {
    Ok(text_hash("scope", scope)?)
}

/// A bound of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bound {
    /// The values `lo..=hi` (one value, or all codes under a prefix). For an
    /// operand between two encodings (a quantity finer than 0.001) `lo` is the
    /// encoding above it and `hi` the one below: a lower bound rounds up, an
    /// upper bound rounds down, and `eq` is an empty range.
    Interval(u64, u64),
    /// The proof's reference date, `years` calendar years and then `days`
    /// days earlier (`"@reference_date - 18y"`, `"@reference_date - 8w"`).
    Reference {
        /// Calendar years back.
        years: u8,
        /// Days back after the years.
        days: u64,
    },
}

/// Parses `@reference_date`, optionally followed by terms `- N{d,w,y}`
/// (`"@reference_date - 8w"`, `"@reference_date - 18y - 1d"`).
fn parse_relative(clause: usize, text: &str) -> Result<Option<Bound>, PolicyError> {
    let Some(rest) = text.trim().strip_prefix(REFERENCE_DATE) else { return Ok(None) };
    let bad = |problem: &'static str| PolicyError::RelativeDate { clause, value: text.into(), problem };
    let (mut years, mut days) = (0u64, 0u64);
    let mut rest = rest.trim_start();
    while !rest.is_empty() {
        rest = rest
            .strip_prefix('-')
            .ok_or_else(|| bad("terms are written `- N` followed by d, w or y"))?
            .trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return Err(bad("each term is `- N` with N of 1 to 6 digits, then d, w or y"));
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad("not a number"))?;
        let unit = rest[digits..].chars().next().ok_or_else(|| bad("a term needs its unit: d, w or y"))?;
        match unit {
            'd' => days += n,
            'w' => days += 7 * n,
            'y' => years += n,
            'm' => return Err(bad("months are not supported (their length varies); use d, w or y")),
            _ => return Err(bad("units are d (days), w (weeks) and y (calendar years)")),
        }
        rest = rest[digits + 1..].trim_start();
    }
    if years > u64::from(medzk_circuits::calendar::MAX_YEARS) {
        return Err(bad("at most 255 calendar years back"));
    }
    if days > MAX_DAY_OFFSET {
        return Err(bad("at most 65,535 days back (write years with y)"));
    }
    Ok(Some(Bound::Reference { years: years as u8, days }))
}

fn u64_of(v: &Fr) -> u64 {
    u64::try_from(biguint_from_fr(v)).expect("range-typed fields encode below 2^64")
}

/// Encodes an operand of a range-typed field; for a quantity with a unit, also
/// the canonical unit the operand was converted to.
fn encode_bound(
    clause: usize,
    ty: FieldType,
    field: &str,
    text: &str,
) -> Result<(Bound, Option<Unit>), PolicyError> {
    let value_err = |source| PolicyError::Value { clause, source };
    if let Some(bound) = parse_relative(clause, text)? {
        return match ty {
            FieldType::Date => Ok((bound, None)),
            _ => Err(PolicyError::OpNotValidForField {
                clause,
                op: "@reference_date",
                field: field.into(),
                kind: "only date fields compare with the reference date",
            }),
        };
    }
    if let (FieldType::Icd10 | FieldType::Code, Some(prefix)) = (ty, text.strip_suffix('*')) {
        let prefix: String =
            prefix.trim_end_matches('.').chars().filter(|c| *c != '.' || ty == FieldType::Code).collect();
        let (lo, hi) = code_prefix_interval(field, &prefix).map_err(value_err)?;
        return Ok((Bound::Interval(lo, hi), None));
    }
    if ty == FieldType::Quantity {
        let (number, unit) = text.trim().split_once(char::is_whitespace).unwrap_or((text.trim(), ""));
        let unit = unit.trim();
        if unit.is_empty() {
            let (floor, ceil) = encode_milli_bounds(field, number).map_err(value_err)?;
            return Ok((Bound::Interval(ceil, floor), None));
        }
        let kind = QUANTITY_KINDS.iter().find(|k| k.conversions.iter().any(|c| c.0.ucum() == unit));
        let loinc = kind.map_or(0, |k| k.loinc[0]);
        let ((floor, ceil), canonical) =
            convert_quantity_bounds(field, loinc, number, unit).map_err(value_err)?;
        return Ok((Bound::Interval(ceil, floor), Some(canonical)));
    }
    let v = u64_of(&ty.parse(field, text).map_err(value_err)?.encoded());
    Ok((Bound::Interval(v, v), None))
}

fn operand<'a>(
    clause: usize,
    op: OpName,
    v: &'a Option<String>,
    what: &'static str,
) -> Result<&'a str, PolicyError> {
    v.as_deref().ok_or(PolicyError::Operands { clause, op: op.as_str(), problem: what })
}

/// Sets a predicate's range from two bounds; `negate` for the complement.
fn range(
    mut p: Predicate,
    lo: Bound,
    hi: Bound,
    negate: bool,
    clause: usize,
) -> Result<Predicate, PolicyError> {
    p.op = if negate { Op::NotInRange } else { Op::InRange };
    if let (Bound::Reference { years: a, .. }, Bound::Reference { years: b, .. }) = (lo, hi) {
        if a != b {
            return Err(PolicyError::InvalidClause {
                clause,
                problem: "both relative bounds of a range go back the same number of years (use two clauses)",
            });
        }
    }
    match lo {
        Bound::Interval(l, _) => p.lo = l,
        Bound::Reference { years, days } => (p.lo_is_reference_date, p.years, p.lo) = (true, years, days),
    }
    match hi {
        Bound::Interval(_, h) => p.hi = h,
        Bound::Reference { years, days } => (p.hi_is_reference_date, p.years, p.hi) = (true, years, days),
    }
    let empty = match (p.lo_is_reference_date, p.hi_is_reference_date) {
        (false, false) => p.lo > p.hi,
        // Both go back from the same date: the lower bound is the further back.
        (true, true) => p.lo < p.hi,
        _ => false,
    };
    if empty {
        return Err(PolicyError::EmptyRange { clause });
    }
    Ok(p)
}

const ANY: Bound = Bound::Interval(0, u64::MAX);

struct SetUse {
    name: String,
    codes: Vec<String>,
    ty: FieldType,
    field: String,
}

/// A quantity operand given with a unit: the record slot's unit must be bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct UnitUse {
    clause: usize,
    record: u8,
    unit: Unit,
}

fn compile_predicate(
    policy: &Policy,
    clause: usize,
    doc: &PredicateDoc,
    schemas: &[Schema],
    sets: &mut Vec<SetUse>,
    units: &mut Vec<UnitUse>,
) -> Result<Predicate, PolicyError> {
    let record = policy
        .records
        .iter()
        .position(|r| r.name == doc.record)
        .ok_or_else(|| PolicyError::UnknownRecord { clause, name: doc.record.clone() })?;
    let schema = schemas[record];
    let field = schema.field_index(&doc.field).map_err(|_| PolicyError::UnknownField {
        clause,
        schema: schema.name(),
        field: doc.field.clone(),
    })?;
    let ty = schema.fields()[field].ty;
    let base = Predicate { record: record as u8, field: field as u8, ..Predicate::of(Op::True) };
    let op = doc.op;
    if doc.codes.is_some() || doc.since.is_some() {
        return Err(PolicyError::Operands {
            clause,
            op: op.as_str(),
            problem: "takes no codes or since (those are for none_in / any_in)",
        });
    }
    let given = [
        doc.value.is_some(),
        doc.min.is_some() || doc.max.is_some(),
        doc.values.is_some() || doc.set.is_some(),
    ];
    let expected = match op {
        OpName::Eq | OpName::Ne | OpName::Lt | OpName::Lte | OpName::Gt | OpName::Gte => [true, false, false],
        OpName::Between | OpName::NotBetween => [false, true, false],
        OpName::In | OpName::NotIn => [false, false, true],
        OpName::Exists | OpName::Reveal => [false, false, false],
        OpName::NoneIn | OpName::AnyIn => unreachable!("list clauses are compiled by `lists`"),
    };
    if given != expected {
        return Err(PolicyError::Operands {
            clause,
            op: op.as_str(),
            problem: "has the wrong operands (value | min+max | values or set | none)",
        });
    }
    // A list root is a field element like a text hash: only equality.
    let text_field = matches!(ty, FieldType::Text | FieldType::Digest);
    let not_for_text =
        |kind| PolicyError::OpNotValidForField { clause, op: op.as_str(), field: doc.field.clone(), kind };
    let mut bound = |text: &str| -> Result<Bound, PolicyError> {
        let (b, unit) = encode_bound(clause, ty, &doc.field, text)?;
        if let Some(unit) = unit {
            units.push(UnitUse { clause, record: record as u8, unit });
        }
        Ok(b)
    };
    Ok(match op {
        OpName::Eq | OpName::Ne if text_field => {
            let text = operand(clause, op, &doc.value, "needs a value")?;
            let hash = if ty == FieldType::Digest {
                ty.parse(&doc.field, text).map(|v| v.encoded())
            } else {
                text_hash(&doc.field, text)
            }
            .map_err(|source| PolicyError::Value { clause, source })?;
            Predicate { op: if op == OpName::Eq { Op::FieldEq } else { Op::FieldNe }, operand: hash, ..base }
        }
        _ if text_field && !matches!(op, OpName::Exists | OpName::Reveal) => {
            return Err(not_for_text("free text is committed as a hash: only eq, ne, exists, reveal"))
        }
        OpName::Eq | OpName::Ne => {
            let b = bound(operand(clause, op, &doc.value, "needs a value")?)?;
            if matches!(b, Bound::Reference { .. }) {
                return Err(not_for_text("eq/ne with the reference date; use lte/gte"));
            }
            range(base, b, b, op == OpName::Ne, clause)?
        }
        OpName::Lte => {
            range(base, ANY, bound(operand(clause, op, &doc.value, "needs a value")?)?, false, clause)?
        }
        OpName::Gte => {
            range(base, bound(operand(clause, op, &doc.value, "needs a value")?)?, ANY, false, clause)?
        }
        // v < a ⇔ ¬(a ≤ v ≤ max); v > a ⇔ ¬(0 ≤ v ≤ a): no edge cases at 0 or 2^64 − 1.
        OpName::Lt => {
            range(base, bound(operand(clause, op, &doc.value, "needs a value")?)?, ANY, true, clause)?
        }
        OpName::Gt => {
            range(base, ANY, bound(operand(clause, op, &doc.value, "needs a value")?)?, true, clause)?
        }
        OpName::Between | OpName::NotBetween => {
            let lo = bound(operand(clause, op, &doc.min, "needs min and max")?)?;
            let hi = bound(operand(clause, op, &doc.max, "needs min and max")?)?;
            range(base, lo, hi, op == OpName::NotBetween, clause)?
        }
        OpName::In | OpName::NotIn => {
            let (name, codes) = match (&doc.values, &doc.set) {
                (Some(values), None) => (format!("clause {clause} values"), values.clone()),
                (None, Some(name)) => {
                    let set = policy.sets.get(name).ok_or_else(|| PolicyError::UnknownSet(name.clone()))?;
                    let codes =
                        set.codes.clone().ok_or_else(|| PolicyError::UnresolvedSetFile(name.clone()))?;
                    (name.clone(), codes)
                }
                _ => {
                    return Err(PolicyError::Operands {
                        clause,
                        op: op.as_str(),
                        problem: "takes either values or set",
                    })
                }
            };
            let slot = sets.len() as u8;
            sets.push(SetUse { name, codes, ty, field: doc.field.clone() });
            Predicate { op: if op == OpName::In { Op::In } else { Op::NotIn }, set: slot, ..base }
        }
        OpName::Exists => Predicate { op: Op::Exists, ..base },
        OpName::Reveal => Predicate { op: Op::Reveal, ..base },
        OpName::NoneIn | OpName::AnyIn => unreachable!("list clauses are compiled by `lists`"),
    })
}

/// Whether a single-predicate clause pins record slot `record` to quantities
/// in `unit`: `unit eq <unit>`, or `loinc_code` equal to or in a set of codes
/// all measured in `unit`.
fn pins_unit(p: &Predicate, record: u8, unit: Unit, schema: Schema, sets: &[SetUse]) -> bool {
    let field = |name| schema.field_index(name).ok().map(|i| i as u8);
    let measured_in = |loinc: u64| quantity_kind(loinc).is_some_and(|k| k.canonical == unit);
    let exact = p.op == Op::InRange && !p.lo_is_reference_date && !p.hi_is_reference_date && p.lo == p.hi;
    if p.record != record {
        return false;
    }
    if Some(p.field) == field("unit") {
        return exact && p.lo == unit.id();
    }
    if Some(p.field) != field("loinc_code") {
        return false;
    }
    match p.op {
        Op::InRange => exact && measured_in(p.lo),
        Op::In => sets.get(usize::from(p.set)).is_some_and(|set| {
            set.codes
                .iter()
                .all(|code| set.ty.parse(&set.field, code).is_ok_and(|v| measured_in(u64_of(&v.encoded()))))
        }),
        _ => false,
    }
}

/// Binds the unit of every quantity operand given with a unit: a quantity
/// clause such as `value gte 6.5 %` compares canonical values, and a glucose
/// record of 95 mg/dL (95,000) would pass it unless the record's unit is
/// pinned. Where no single-predicate clause of the same record already pins
/// the unit (or a LOINC code of that unit), a clause `unit eq <unit>` is added
/// in a free clause slot; without one the policy is refused.
fn bind_units(
    shape: &QueryShape,
    policy: &Policy,
    schemas: &[Schema],
    sets: &[SetUse],
    units: &[UnitUse],
    clauses: &mut Vec<Clause>,
    descriptions: &mut Vec<String>,
) -> Result<(), PolicyError> {
    for (i, u) in units.iter().enumerate() {
        if units[..i].iter().any(|v| v.record == u.record && v.unit == u.unit) {
            continue;
        }
        let schema = schemas[usize::from(u.record)];
        let pinned = clauses.iter().any(|c| {
            c.predicates[1].op == Op::False && pins_unit(&c.predicates[0], u.record, u.unit, schema, sets)
        });
        if pinned {
            continue;
        }
        let unit_field = schema.field_index("unit").map_err(|_| PolicyError::UnboundUnit {
            clause: u.clause,
            unit: u.unit.ucum(),
            problem: "the record has no unit field",
        })?;
        if clauses.len() >= shape.clauses {
            return Err(PolicyError::UnboundUnit {
                clause: u.clause,
                unit: u.unit.ucum(),
                problem: "no free clause slot to pin the record's unit; add a loinc_code or unit clause",
            });
        }
        let id = u.unit.id();
        clauses.push(Clause::single(Predicate {
            op: Op::InRange,
            record: u.record,
            field: unit_field as u8,
            lo: id,
            hi: id,
            ..Predicate::of(Op::True)
        }));
        let record = &policy.records[usize::from(u.record)].name;
        descriptions.push(format!("{record}.unit eq {} (implied by clause {})", u.unit.ucum(), u.clause));
    }
    Ok(())
}

fn describe(doc: &PredicateDoc) -> String {
    let operand = match (&doc.value, &doc.min, &doc.max, &doc.values, &doc.set) {
        (Some(v), ..) => format!(" {v}"),
        (_, Some(lo), Some(hi), ..) => format!(" {lo} and {hi}"),
        (.., Some(values), _) => format!(" [{}]", values.join(", ")),
        (.., Some(set)) => format!(" {set}"),
        _ => String::new(),
    };
    format!("{}.{} {}{}", doc.record, doc.field, doc.op.as_str(), operand)
}

fn build_set(shape: &QueryShape, set: &SetUse) -> Result<IndexedMerkleTree, PolicyError> {
    if set.codes.is_empty() {
        return Err(PolicyError::EmptySet(set.name.clone()));
    }
    let max = (shape.set_arity as u64).pow(shape.set_depth as u32) - 1;
    if set.codes.len() as u64 > max {
        return Err(PolicyError::SetTooLarge { name: set.name.clone(), size: set.codes.len(), max });
    }
    let mut values = Vec::with_capacity(set.codes.len());
    for code in &set.codes {
        let invalid =
            |reason| PolicyError::InvalidSetMember { name: set.name.clone(), code: code.clone(), reason };
        if code.ends_with('*') || code == REFERENCE_DATE {
            return Err(invalid("sets hold exact codes; use between for a prefix"));
        }
        let v = u64_of(
            &set.ty
                .parse(&set.field, code)
                .map_err(|_| invalid("it does not encode for the field"))?
                .encoded(),
        );
        if v == SENTINEL_LOW || v == SENTINEL_HIGH {
            return Err(invalid("0 and 2^64 − 1 are reserved"));
        }
        values.push(v);
    }
    Ok(IndexedMerkleTree::from_set_with_arity(shape.set_arity, shape.set_depth, values)?)
}

impl Policy {
    /// Validates the policy and compiles it for its shape.
    pub fn compile(&self) -> Result<Compiled, PolicyError> {
        let shape =
            QueryShape::parse(&self.shape).map_err(|_| PolicyError::UnknownShape(self.shape.clone()))?;
        // Fewer records than slots leaves the last slots unused (placeholders).
        if self.records.is_empty() || self.records.len() > shape.records {
            return Err(PolicyError::WrongRecordCount {
                shape: shape.name,
                expected: shape.records,
                found: self.records.len(),
            });
        }
        let mut names = BTreeSet::new();
        for r in &self.records {
            if !names.insert(r.name.as_str()) {
                return Err(PolicyError::DuplicateName(r.name.clone()));
            }
        }
        let is_list =
            |c: &crate::document::ClauseDoc| c.predicates().iter().any(|p| crate::lists::is_list_op(p.op));
        let plain = self.clauses.iter().filter(|c| !is_list(c)).count();
        if plain > shape.clauses {
            return Err(PolicyError::TooManyClauses { shape: shape.name, max: shape.clauses, found: plain });
        }
        let schemas: Vec<Schema> = self.records.iter().map(|r| r.schema).collect();
        let mut set_uses = Vec::new();
        let mut unit_uses = Vec::new();
        let mut clauses = Vec::with_capacity(shape.clauses);
        let mut descriptions = Vec::with_capacity(shape.clauses);
        let mut lists = Vec::with_capacity(shape.lists);
        let mut list_descriptions = Vec::new();
        for (k, clause) in self.clauses.iter().enumerate() {
            let docs = clause.predicates();
            if is_list(clause) {
                if docs.len() != 1 {
                    return Err(PolicyError::InvalidClause {
                        clause: k,
                        problem: "none_in and any_in are clauses of their own, not part of an `any`",
                    });
                }
                for (check, description) in crate::lists::compile_list_clause(self, k, &docs[0], &schemas)? {
                    lists.push(check);
                    list_descriptions.push(description);
                }
                continue;
            }
            if docs.is_empty() || docs.len() > 2 {
                return Err(PolicyError::InvalidClause {
                    clause: k,
                    problem: "an `any` clause holds one or two predicates",
                });
            }
            if docs.len() == 2 && docs.iter().any(|d| d.op == OpName::Reveal) {
                return Err(PolicyError::InvalidClause {
                    clause: k,
                    problem: "reveal cannot be part of an `any` clause",
                });
            }
            let mut compiled = Clause::UNUSED;
            compiled.predicates[1] = Predicate::of(Op::False);
            for (i, doc) in docs.iter().enumerate() {
                compiled.predicates[i] =
                    compile_predicate(self, k, doc, &schemas, &mut set_uses, &mut unit_uses)?;
            }
            clauses.push(compiled);
            descriptions.push(docs.iter().map(describe).collect::<Vec<_>>().join(" or "));
        }
        if set_uses.len() > shape.sets {
            return Err(PolicyError::TooManySets {
                shape: shape.name,
                max: shape.sets,
                found: set_uses.len(),
            });
        }
        for name in self.sets.keys() {
            if !set_uses.iter().any(|u| &u.name == name) {
                return Err(PolicyError::UnusedSet(name.clone()));
            }
        }
        bind_units(&shape, self, &schemas, &set_uses, &unit_uses, &mut clauses, &mut descriptions)?;
        let mut set_trees = Vec::with_capacity(shape.sets);
        let mut sets = Vec::with_capacity(shape.sets);
        for set in &set_uses {
            let tree = build_set(&shape, set)?;
            sets.push(SetSlot { root: tree.root(), active: true });
            set_trees.push(Some(tree));
        }
        while sets.len() < shape.sets {
            sets.push(SetSlot::UNUSED);
            set_trees.push(None);
        }
        while clauses.len() < shape.clauses {
            clauses.push(Clause::UNUSED);
            descriptions.push("(unused)".into());
        }
        let mut ids: Vec<u64> = schemas.iter().map(|s| s.id()).collect();
        ids.resize(shape.records, UNUSED_SCHEMA);
        if lists.len() > shape.lists {
            return Err(PolicyError::TooManyListChecks {
                shape: shape.name,
                max: shape.lists,
                found: lists.len(),
            });
        }
        lists.resize(shape.lists, ListCheck::UNUSED);
        let policy = CompiledPolicy { shape, schemas: ids, sets, clauses, lists };
        policy.check_shape()?;
        let trusted_issuers_root = self.trusted_issuers_root.as_deref().map(fr_from_decimal).transpose()?;
        Ok(Compiled {
            document: self.clone(),
            policy,
            schemas,
            set_trees,
            scope: scope_from_str(&self.scope)?,
            trusted_issuers_root,
            descriptions,
            list_descriptions,
        })
    }
}
