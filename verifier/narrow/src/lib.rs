//! # medzk-narrow
//!
//! BN254 on narrow (29-bit) limbs, for targets without a 64×64→128-bit
//! multiply, with ark-bn254 types in and out.
//!
//! WebAssembly multiplies 64-bit words but has no instruction for the high
//! half of their product, so ark-ff's 64-bit Montgomery multiplication costs
//! four multiplications and a chain of 128-bit additions per word product.
//! [`field::Fq`] stores elements as ark-bn254 does but multiplies on nine
//! 29-bit limbs, deferring carries; [`curve`] rebuilds BN254's towers, curves
//! and pairing on it from ark-bn254's constants. `medzk-verifier` runs its
//! pairings here when compiled to WebAssembly; this is a crate of its own so
//! that the size-built verify module can build it for speed (a per-package
//! opt-level: generic tower and pairing code is compiled in the crate that
//! first names it, and crates built for size reuse it). Only the hot path
//! lives here; the verifier adds the once-a-proof operations (decoding,
//! curve and subgroup checks) in its own `narrow` module, built for size.
//! See `docs/verifier.md`.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

pub mod curve;
pub mod field;

pub use curve::{fq2, g1, g2, Bn254, Fq12, G1Affine, G2Affine};

use alloc::vec::Vec;
use ark_ec::bn::G2Prepared;
use ark_ec::pairing::Pairing;

/// The same element as ark-bn254's.
pub fn fq12(x: &ark_bn254::Fq12) -> Fq12 {
    use curve::Fq6;
    let six = |y: &ark_bn254::Fq6| Fq6::new(fq2(y.c0), fq2(y.c1), fq2(y.c2));
    Fq12::new(six(&x.c0), six(&x.c1))
}

/// The same element as ark-bn254's type.
pub fn fq12_to_ark(x: &Fq12) -> ark_bn254::Fq12 {
    let two = |y: &curve::Fq2| ark_bn254::Fq2::new(field::to_ark(y.c0), field::to_ark(y.c1));
    let six = |y: &curve::Fq6| ark_bn254::Fq6::new(two(&y.c0), two(&y.c1), two(&y.c2));
    ark_bn254::Fq12::new(six(&x.c0), six(&x.c1))
}

/// The same point as ark-bn254's type (both write the identity as (0, 0)).
pub fn g1_to_ark(p: &G1Affine) -> ark_bn254::G1Affine {
    ark_bn254::G1Affine::new_unchecked(field::to_ark(p.x), field::to_ark(p.y))
}

/// ark-bn254's prepared G2 point (its line coefficients) on narrow limbs.
pub fn g2_prepared(p: &G2Prepared<ark_bn254::Config>) -> G2Prepared<curve::Config> {
    G2Prepared {
        ell_coeffs: p.ell_coeffs.iter().map(|(a, b, c)| (fq2(*a), fq2(*b), fq2(*c))).collect(),
        infinity: p.infinity,
    }
}

/// A G2 point for a pairing: fresh (from a proof) or prepared (from a key).
pub enum G2Input<'a> {
    /// A point whose line coefficients are still to be computed.
    Point(ark_bn254::G2Affine),
    /// A point prepared by ark-ec (a verifying key's −γ and −δ).
    Prepared(&'a G2Prepared<ark_bn254::Config>),
}

/// Whether `Π e(p_i, q_i) = expected`: one multi-Miller loop and one final
/// exponentiation on narrow limbs.
pub fn product_is(pairs: Vec<(ark_bn254::G1Affine, G2Input<'_>)>, expected: &ark_bn254::Fq12) -> bool {
    let (p, q): (Vec<_>, Vec<G2Prepared<curve::Config>>) = pairs
        .into_iter()
        .map(|(p, q)| match q {
            G2Input::Point(q) => (g1(p), g2(q).into()),
            G2Input::Prepared(q) => (g1(p), g2_prepared(q)),
        })
        .unzip();
    Bn254::final_exponentiation(Bn254::multi_miller_loop(p, q)).is_some_and(|out| out.0 == fq12(expected))
}

/// The point of ark-bn254's type from narrow coordinates.
pub fn g2_to_ark(p: &G2Affine) -> ark_bn254::G2Affine {
    let two = |y: &curve::Fq2| ark_bn254::Fq2::new(field::to_ark(y.c0), field::to_ark(y.c1));
    ark_bn254::G2Affine::new_unchecked(two(&p.x), two(&p.y))
}
