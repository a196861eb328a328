//! List checks: the query circuit's slots for absence and presence in an
//! issuer-attested list ([`crate::attested_list`]).
//!
//! A list check names a record slot holding a list record (its field 0 is the
//! signed list root), a mode (no entry / some entry), and a key range. The
//! range's lower end may move by a window: `lo + w`, where `w` is an absolute
//! day or, relative, the reference date less `since` days (days only: a
//! calendar-year window would cost 43 constraints per slot, and "in the last N
//! days/weeks" is what exclusion criteria say). Every
//! active check must hold: list checks are conjuncts of the policy beside its
//! clauses, and a check's data is in the policy hash.

pub mod constraints;

use super::{CompiledPolicy, QueryWitness};
use crate::attested_list::{KeyRange, DAY_BITS, KEY_BITS};
use crate::{CircuitError, Fr};

/// Bits of a list check's window day (absolute days before 2258, offsets
/// below 131,072 days).
pub const SINCE_BITS: u32 = 17;

/// What a list check asks of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListMode {
    /// An unused slot (always holds).
    Unused = 0,
    /// No entry in the range.
    NoneIn = 1,
    /// Some entry in the range.
    AnyIn = 2,
}

/// The field of a list record that holds its root.
pub const LIST_ROOT_FIELD: usize = 0;

/// One list-check slot of a compiled policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListCheck {
    /// The check.
    pub mode: ListMode,
    /// The record slot holding the list.
    pub record: u8,
    /// The range's lower key, before the window (its day bits are zero).
    pub lo: u128,
    /// The range's upper key.
    pub hi: u128,
    /// The window is relative: the reference date less `since` days.
    pub since_is_reference_date: bool,
    /// The window's day (absolute), or its day offset (relative); 0 without a
    /// window; below `2^17` ([`SINCE_BITS`]).
    pub since: u32,
}

impl ListCheck {
    /// An unused slot.
    pub const UNUSED: ListCheck = ListCheck {
        mode: ListMode::Unused,
        record: 0,
        lo: 0,
        hi: 0,
        since_is_reference_date: false,
        since: 0,
    };

    /// A check of `mode` over `range` (no window) in the list of record slot `record`.
    pub fn new(mode: ListMode, record: u8, range: KeyRange) -> ListCheck {
        ListCheck { mode, record, lo: range.lo, hi: range.hi, ..ListCheck::UNUSED }
    }

    /// The packed header `mode + 2^2·record + 2^5·since_is_reference_date +
    /// 2^6·since` (23 bits; `lo` and `hi` are hashed beside it).
    pub fn header(&self) -> Fr {
        Fr::from(
            self.mode as u64
                + (u64::from(self.record) << 2)
                + (u64::from(self.since_is_reference_date) << 5)
                + (u64::from(self.since) << 6),
        )
    }

    /// The three policy-hash elements of the slot: header, `lo`, `hi`.
    pub fn hash_inputs(&self) -> [Fr; 3] {
        [self.header(), Fr::from(self.lo), Fr::from(self.hi)]
    }

    /// The range on a reference date; `None` where a relative window falls
    /// before day 0 (the circuit's range check then fails).
    pub fn effective_range(&self, reference_date: u32) -> Option<KeyRange> {
        let window =
            if self.since_is_reference_date { reference_date.checked_sub(self.since)? } else { self.since };
        Some(KeyRange { lo: self.lo + u128::from(window), hi: self.hi })
    }

    /// Checks what the circuit assumes of a slot's data: a known record slot
    /// holding a list schema, keys below 2^96, `lo` with zero day bits (so the
    /// window cannot carry into the code), and a non-empty range for an
    /// active slot; an unused slot is all zeros.
    pub fn check(&self, policy: &CompiledPolicy, list_schemas: &[u64]) -> Result<(), String> {
        if self.mode == ListMode::Unused {
            return if *self == ListCheck::UNUSED {
                Ok(())
            } else {
                Err("an unused list check carries data".into())
            };
        }
        let record = usize::from(self.record);
        if record >= policy.shape.records {
            return Err(format!("record slot {record} does not exist"));
        }
        if !list_schemas.contains(&policy.schemas[record]) {
            return Err(format!("record slot {record} does not hold an attested list"));
        }
        if self.hi >> KEY_BITS != 0 || self.lo >> KEY_BITS != 0 || self.lo > self.hi || self.lo == 0 {
            return Err("the key range must be non-empty, above 0 and below 2^96".into());
        }
        if self.lo & ((1 << DAY_BITS) - 1) != 0 {
            return Err("the range's lower key must have zero day bits".into());
        }
        if self.since >> SINCE_BITS != 0 {
            return Err(format!("the window's day must be below 2^{SINCE_BITS}"));
        }
        Ok(())
    }
}

/// The record schema ids whose field 0 is an attested-list root: the record
/// layer's `condition_list`, `medication_list` and `procedure_list` (pinned
/// against its schema table by its tests).
pub const LIST_SCHEMAS: [u64; 3] = [9, 10, 11];

/// Checks the list slots natively, as the circuit does; `Err(ListCheckFailed(j))`
/// for the first active slot whose proof is missing, malformed, of another
/// list, or does not show what the slot asks.
pub fn evaluate_lists(
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    reference_date: u32,
) -> Result<(), CircuitError> {
    for (j, (check, proof)) in policy.lists.iter().zip(&witness.lists).enumerate() {
        if let Some(p) = proof {
            let siblings = &p.path.siblings;
            // The circuit range-checks the opened leaf's keys in every slot,
            // used or not, so the twin refuses wide keys in every slot too.
            let wide = |k: u128| k >> crate::attested_list::KEY_BITS != 0;
            if siblings.len() != crate::attested_list::LIST_DEPTH
                || siblings.iter().any(|l| l.len() + 1 != crate::attested_list::LIST_ARITY)
                || wide(p.leaf.key)
                || wide(p.leaf.next_key)
            {
                return Err(CircuitError::ListCheckFailed(j));
            }
        }
        if check.mode == ListMode::Unused {
            continue;
        }
        let root = witness.records[usize::from(check.record)].fields[LIST_ROOT_FIELD];
        let range = check.effective_range(reference_date).ok_or(CircuitError::ListCheckFailed(j))?;
        let holds = proof.as_ref().is_some_and(|p| match check.mode {
            ListMode::NoneIn => p.proves_absence(root, range),
            _ => p.proves_presence(root, range),
        });
        if !holds {
            return Err(CircuitError::ListCheckFailed(j));
        }
    }
    Ok(())
}
