//! The verifier's side of the protocol: [`Expectations`] name everything a
//! proof must match (policy hash, trusted-issuer roots, scope, challenge,
//! reference-date window), and [`verify_expected`] checks them, then the
//! proof, and returns what was [`Verified`].
//!
//! There is no way to build expectations that silently skip a check: every
//! member is a constructor argument, none defaults to the proof's own value,
//! expectations that would accept no proof are refused when built, and the
//! one deliberate waiver ([`Challenge::AnyWaived`]) says so by its name.

use crate::proof_file::ProofFile;
use crate::{verify_pairing_only, Fr, PreparedVerifyingKey, Proof, PublicInputs, VerifyError};
use alloc::vec::Vec;

/// The challenge a verifier expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Challenge {
    /// Exactly this challenge (the fresh one the verifier issued): replays of
    /// a proof made for another challenge are refused.
    Exactly(Fr),
    /// WAIVER: any challenge is accepted, so a proof can be replayed. For
    /// proofs checked without a live session (archives, audits); everything
    /// else is still checked.
    AnyWaived,
}

/// What a verifier requires of a proof's public inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectations {
    policy_hash: Fr,
    issuer_roots: Vec<Fr>,
    scope: Fr,
    challenge: Challenge,
    reference_dates: (u32, u32),
}

impl Expectations {
    /// Expectations from every member: the policy hash of the verifier's
    /// policy, the trusted-issuer roots it accepts (for example the current
    /// and the previous one), its scope, its challenge and the accepted
    /// reference dates (inclusive, days since 1900-01-01).
    ///
    /// Refused when they would accept no proof: no root
    /// ([`VerifyError::NoTrustedRoots`]) or `from > to`
    /// ([`VerifyError::EmptyDateWindow`]).
    pub fn new(
        policy_hash: Fr,
        issuer_roots: Vec<Fr>,
        scope: Fr,
        challenge: Challenge,
        reference_dates: (u32, u32),
    ) -> Result<Expectations, VerifyError> {
        if issuer_roots.is_empty() {
            return Err(VerifyError::NoTrustedRoots);
        }
        let (from, to) = reference_dates;
        if from > to {
            return Err(VerifyError::EmptyDateWindow { from, to });
        }
        Ok(Expectations { policy_hash, issuer_roots, scope, challenge, reference_dates })
    }

    /// The expected policy hash.
    pub fn policy_hash(&self) -> Fr {
        self.policy_hash
    }

    /// The accepted trusted-issuer roots.
    pub fn issuer_roots(&self) -> &[Fr] {
        &self.issuer_roots
    }

    /// The expected scope.
    pub fn scope(&self) -> Fr {
        self.scope
    }

    /// The expected challenge.
    pub fn challenge(&self) -> Challenge {
        self.challenge
    }

    /// The accepted reference dates, inclusive.
    pub fn reference_dates(&self) -> (u32, u32) {
        self.reference_dates
    }

    /// Checks the public inputs against the expectations (before any pairing).
    pub fn check(&self, public: &PublicInputs) -> Result<(), VerifyError> {
        if public.policy_hash != self.policy_hash {
            return Err(VerifyError::UnexpectedPolicy);
        }
        if !self.issuer_roots.contains(&public.issuer_root) {
            return Err(VerifyError::UntrustedIssuerRoot);
        }
        if public.scope != self.scope {
            return Err(VerifyError::WrongScope);
        }
        if let Challenge::Exactly(challenge) = self.challenge {
            if public.challenge != challenge {
                return Err(VerifyError::WrongChallenge);
            }
        }
        let (from, to) = self.reference_dates;
        if public.reference_date < from || public.reference_date > to {
            return Err(VerifyError::DateOutsideWindow { date: public.reference_date, from, to });
        }
        Ok(())
    }
}

/// A proof that met the verifier's expectations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The proof's public inputs.
    pub public: PublicInputs,
    /// The holder's nullifier in the verifier's scope: record it to admit
    /// each holder once.
    pub nullifier: Fr,
}

/// Checks the expectations, then the proof.
pub fn verify_expected(
    pvk: &PreparedVerifyingKey,
    expectations: &Expectations,
    public: &PublicInputs,
    proof: &Proof,
) -> Result<Verified, VerifyError> {
    expectations.check(public)?;
    verify_pairing_only(pvk, public, proof)?;
    Ok(Verified { public: *public, nullifier: public.nullifier })
}

/// Decodes a proof file ([`ProofFile`]), then [`verify_expected`].
pub fn verify_proof_file(
    pvk: &PreparedVerifyingKey,
    expectations: &Expectations,
    file: &ProofFile,
) -> Result<Verified, VerifyError> {
    let (proof, public) = file.decode()?;
    verify_expected(pvk, expectations, &public, &proof)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public() -> PublicInputs {
        PublicInputs {
            issuer_root: Fr::from(2u64),
            policy_hash: Fr::from(9u64),
            reference_date: 15,
            scope: Fr::from(3u64),
            nullifier: Fr::from(7u64),
            challenge: Fr::from(4u64),
            revealed_hash: Fr::from(0u64),
        }
    }

    fn expect(challenge: Challenge) -> Expectations {
        Expectations::new(
            Fr::from(9u64),
            alloc::vec![Fr::from(1u64), Fr::from(2u64)],
            Fr::from(3u64),
            challenge,
            (10, 20),
        )
        .unwrap()
    }

    #[test]
    fn each_member_is_checked_and_named() {
        let e = expect(Challenge::Exactly(Fr::from(4u64)));
        assert_eq!(e.check(&public()), Ok(()));
        let p = public();
        let cases = [
            (PublicInputs { policy_hash: Fr::from(8u64), ..p }, VerifyError::UnexpectedPolicy),
            (PublicInputs { issuer_root: Fr::from(5u64), ..p }, VerifyError::UntrustedIssuerRoot),
            (PublicInputs { scope: Fr::from(5u64), ..p }, VerifyError::WrongScope),
            (PublicInputs { challenge: Fr::from(5u64), ..p }, VerifyError::WrongChallenge),
            (
                PublicInputs { reference_date: 21, ..p },
                VerifyError::DateOutsideWindow { date: 21, from: 10, to: 20 },
            ),
            (
                PublicInputs { reference_date: 9, ..p },
                VerifyError::DateOutsideWindow { date: 9, from: 10, to: 20 },
            ),
        ];
        for (inputs, error) in cases {
            assert_eq!(e.check(&inputs), Err(error));
        }
    }

    #[test]
    fn the_waiver_skips_the_challenge_only() {
        let e = expect(Challenge::AnyWaived);
        assert_eq!(e.check(&PublicInputs { challenge: Fr::from(12345u64), ..public() }), Ok(()));
        assert_eq!(
            e.check(&PublicInputs { scope: Fr::from(5u64), ..public() }),
            Err(VerifyError::WrongScope)
        );
    }

    #[test]
    fn expectations_accepting_nothing_are_refused() {
        let one = Fr::from(1u64);
        let c = Challenge::Exactly(one);
        assert_eq!(Expectations::new(one, alloc::vec![], one, c, (1, 2)), Err(VerifyError::NoTrustedRoots));
        assert_eq!(
            Expectations::new(one, alloc::vec![one], one, c, (3, 2)),
            Err(VerifyError::EmptyDateWindow { from: 3, to: 2 })
        );
        assert!(Expectations::new(one, alloc::vec![one], one, c, (2, 2)).is_ok());
    }
}
