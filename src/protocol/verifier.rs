//! The verifier's side: expectations from the verifier's own policy and
//! trust, then a proof file checked against them.

use super::Error;
use crate::policy::Compiled;
use crate::verifier::proof_file::ProofFile;
use crate::verifier::{verify_proof_file, Challenge, Expectations, PreparedVerifyingKey, Verified};
use ark_bn254::Fr;

/// The expectations of a verifier that publishes `policy`, trusts the
/// registry roots `trusted_roots` (for example the current and the previous
/// one), issued `challenge` and accepts reference dates in
/// `reference_dates` (inclusive, days since 1900-01-01).
///
/// Every check is required: no root, or an empty date window, is refused;
/// the challenge is waived only by naming [`Challenge::AnyWaived`]. A policy
/// that pins a trusted-issuers root narrows the accepted roots to it, and is
/// refused ([`Error::PinnedRootNotTrusted`]) when the verifier does not trust it.
pub fn expectations(
    policy: &Compiled,
    trusted_roots: &[Fr],
    challenge: Challenge,
    reference_dates: (u32, u32),
) -> Result<Expectations, Error> {
    let roots = match policy.trusted_issuers_root {
        Some(pinned) if trusted_roots.contains(&pinned) => vec![pinned],
        Some(_) if !trusted_roots.is_empty() => return Err(Error::PinnedRootNotTrusted),
        _ => trusted_roots.to_vec(),
    };
    Ok(Expectations::new(policy.hash(), roots, policy.scope, challenge, reference_dates)?)
}

/// Verifies a proof file: the expectations first, then the proof. Returns
/// the public inputs and the nullifier to record (one admission per holder
/// and scope).
///
#[doc = include_str!("flow.md")]
pub fn verify(
    pvk: &PreparedVerifyingKey,
    expectations: &Expectations,
    file: &ProofFile,
) -> Result<Verified, Error> {
    Ok(verify_proof_file(pvk, expectations, file)?)
}

/// The registry roots a verifier trusts over time: the current one and those
/// it superseded less than `grace_seconds` ago (the gate's grace window, kept
/// for every recent root rather than only the last; a window of 0 trusts the
/// current root only). Every revocation makes
/// a new registry root; a proof made against a root stays acceptable until
/// that root has been superseded for longer than the window, so the window is
/// both how long a holder's proof stays usable after a registry update and
/// how long a revoked credential's earlier proofs do.
#[derive(Clone, Debug)]
pub struct TrustedRoots {
    grace_seconds: u64,
    current: Fr,
    /// Superseded roots with the time (seconds since 1970) each was superseded.
    superseded: Vec<(Fr, u64)>,
}

impl TrustedRoots {
    /// Trust starting from `root`, keeping superseded roots for `grace_seconds`.
    pub fn new(root: Fr, grace_seconds: u64) -> Self {
        TrustedRoots { grace_seconds, current: root, superseded: Vec::new() }
    }

    /// A newly published registry root, at `now` (seconds since 1970).
    pub fn update(&mut self, root: Fr, now: u64) {
        if root != self.current {
            self.superseded.push((std::mem::replace(&mut self.current, root), now));
        }
        self.superseded.retain(|(r, _)| *r != root);
    }

    /// The roots to accept at `now`: the current one first, then each
    /// superseded one still within the window.
    pub fn at(&self, now: u64) -> Vec<Fr> {
        let recent = self
            .superseded
            .iter()
            .rev()
            // A clock behind the update's keeps the root; otherwise it must be younger than the window.
            .filter(|(_, at)| now < *at || now - at < self.grace_seconds)
            .map(|(root, _)| *root);
        std::iter::once(self.current).chain(recent).collect()
    }
}
