//! EdDSA-Poseidon on Baby JubJub, identical to circomlibjs `signPoseidon` /
//! `verifyPoseidon` (checked against `circuits/vectors/eddsa_poseidon.json`).
//!
//! Key derivation and nonces follow circomlibjs exactly: `h = BLAKE-512(sk)`,
//! `s` = `h[0..32]` pruned (little-endian), `A = (s >> 3)·Base8`,
//! `r = BLAKE-512(h[32..64] ‖ le32(msg)) mod l`, `R8 = r·Base8`,
//! `hm = Poseidon(R8.x, R8.y, A.x, A.y, msg)`, `S = (r + hm·s) mod l`.

pub mod constraints;

use crate::babyjubjub::{sub_order, Point, Scalar};
use crate::field::{biguint_from_fr, fr_to_bytes_le};
use crate::{poseidon, CircuitError, Fr};
use ark_ff::PrimeField;
use blake_hash::{Blake512, Digest};
use num_bigint::BigUint;

/// An issuer's secret key: 32 bytes, expanded with BLAKE-512 like circomlibjs.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// A validated public key: on the curve, in the prime-order subgroup, not the identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PublicKey(Point);

/// A signature `(R8, S)`; `S` is kept as a field element so that
/// non-canonical values (`S ≥ l`) can be represented and rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The nonce point `R8 = r·Base8`.
    pub r8: Point,
    /// The response `S = r + hm·s mod l`.
    pub s: Fr,
}

impl SecretKey {
    /// A secret key from its 32 bytes (circomlibjs' `prv`).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SecretKey(bytes)
    }

    /// A fresh secret key from a cryptographic RNG.
    pub fn generate<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        SecretKey(bytes)
    }

    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// `(s, prefix)`: the pruned secret scalar and the nonce prefix `h[32..64]`.
    fn expand(&self) -> (BigUint, [u8; 32]) {
        let h = Blake512::digest(&self.0);
        let mut s_bytes = [0u8; 32];
        s_bytes.copy_from_slice(&h[..32]);
        s_bytes[0] &= 0xf8;
        s_bytes[31] &= 0x7f;
        s_bytes[31] |= 0x40;
        let mut prefix = [0u8; 32];
        prefix.copy_from_slice(&h[32..]);
        (BigUint::from_bytes_le(&s_bytes), prefix)
    }

    /// The public key `A = (s >> 3)·Base8`.
    pub fn public_key(&self) -> PublicKey {
        let (s, _) = self.expand();
        PublicKey(Point::base8().mul(&(s >> 3u32)))
    }

    /// Signs a field element exactly like circomlibjs `signPoseidon`.
    pub fn sign(&self, message: Fr) -> Signature {
        let (s, prefix) = self.expand();
        let a = Point::base8().mul(&(&s >> 3u32));
        let mut nonce_input = [0u8; 64];
        nonce_input[..32].copy_from_slice(&prefix);
        nonce_input[32..].copy_from_slice(&fr_to_bytes_le(&message));
        let r = BigUint::from_bytes_le(&Blake512::digest(&nonce_input)) % sub_order();
        let r8 = Point::base8().mul(&r);
        let hm = challenge(&r8, &a, message);
        let big_s = (r + biguint_from_fr(&hm) * s) % sub_order();
        Signature { r8, s: Fr::from(big_s) }
    }
}

/// `hm = Poseidon(R8.x, R8.y, A.x, A.y, msg)`.
pub fn challenge(r8: &Point, a: &Point, message: Fr) -> Fr {
    poseidon::hash(&[r8.x, r8.y, a.x, a.y, message]).expect("five inputs are supported")
}

impl PublicKey {
    /// Validates a point as a public key: on the curve (by [`Point`]'s
    /// constructors), not of small order, and in the prime-order subgroup.
    pub fn from_point(point: Point) -> Result<Self, CircuitError> {
        if !point.is_on_curve() {
            return Err(CircuitError::NotOnCurve);
        }
        if point.is_small_order() {
            return Err(CircuitError::SmallOrder);
        }
        if !point.is_in_prime_subgroup() {
            return Err(CircuitError::NotInSubgroup);
        }
        Ok(PublicKey(point))
    }

    /// The key as a point in circom coordinates.
    pub fn point(&self) -> Point {
        self.0
    }

    /// Verifies like circomlibjs `verifyPoseidon`: `S < l`, `R8` on the curve,
    /// and `S·Base8 = R8 + (8·hm)·A` (cofactorless).
    pub fn verify(&self, message: Fr, signature: &Signature) -> Result<(), CircuitError> {
        let (r8, s) = self.check_signature_encoding(signature)?;
        let hm = challenge(&r8, &self.0, message);
        let rhs = r8.add(&self.0.mul(&(biguint_from_fr(&hm) * 8u32)));
        if Point::base8().mul(&s) == rhs {
            Ok(())
        } else {
            Err(CircuitError::InvalidSignature)
        }
    }

    /// Verifies the cofactored equation `8·S·Base8 = 8·R8 + 8·(8·hm)·A` that
    /// the in-circuit verifier enforces. It accepts every signature
    /// [`PublicKey::verify`] accepts, and also those whose `R8` carries a
    /// small-order component (which cannot be used to forge).
    pub fn verify_cofactored(&self, message: Fr, signature: &Signature) -> Result<(), CircuitError> {
        let (r8, s) = self.check_signature_encoding(signature)?;
        let hm = challenge(&r8, &self.0, message);
        let rhs = r8.add(&self.0.mul(&(biguint_from_fr(&hm) * 8u32)));
        let diff = Point::base8().mul(&s).add(&rhs.neg());
        if diff.mul_by_cofactor() == Point::identity() {
            Ok(())
        } else {
            Err(CircuitError::InvalidSignature)
        }
    }

    fn check_signature_encoding(&self, signature: &Signature) -> Result<(Point, BigUint), CircuitError> {
        let s = biguint_from_fr(&signature.s);
        if s >= BigUint::from(Scalar::MODULUS) {
            return Err(CircuitError::NonCanonicalScalar { value: s.to_str_radix(10), modulus: "l" });
        }
        if !signature.r8.is_on_curve() {
            return Err(CircuitError::NotOnCurve);
        }
        Ok((signature.r8, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{One, Zero};

    #[test]
    fn public_key_validation_has_one_error_per_defect() {
        let off_curve = Point { x: Fr::one(), y: Fr::one() };
        assert_eq!(PublicKey::from_point(off_curve), Err(CircuitError::NotOnCurve));
        let order2 = Point::new(Fr::zero(), -Fr::one()).unwrap();
        assert_eq!(PublicKey::from_point(order2), Err(CircuitError::SmallOrder));
        let mixed = Point::base8().add(&order2);
        assert_eq!(PublicKey::from_point(mixed), Err(CircuitError::NotInSubgroup));
        assert!(PublicKey::from_point(Point::base8()).is_ok());
    }

    #[test]
    fn sign_verify_round_trip_and_rejections() {
        let mut rng = <rand_chacha::ChaCha20Rng as rand::SeedableRng>::seed_from_u64(1);
        let sk = SecretKey::generate(&mut rng);
        let pk = sk.public_key();
        let msg = Fr::from(77u64);
        let sig = sk.sign(msg);
        assert_eq!(pk.verify(msg, &sig), Ok(()));
        assert_eq!(pk.verify(msg + Fr::one(), &sig), Err(CircuitError::InvalidSignature));
        let other = SecretKey::generate(&mut rng).public_key();
        assert_eq!(other.verify(msg, &sig), Err(CircuitError::InvalidSignature));
        let off = Signature { r8: Point { x: Fr::one(), y: Fr::one() }, ..sig };
        assert_eq!(pk.verify(msg, &off), Err(CircuitError::NotOnCurve));
        assert_eq!(format!("{sk:?}"), "SecretKey(..)");
    }
}
