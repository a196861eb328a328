//! JSON arguments, parsed by the JavaScript engine (`JSON.parse`) and read
//! into the verifier's document types with the same strictness as the native
//! serde reader: every member present, no unknown members, strings where
//! strings belong, integers where integers belong.
//!
//! Parsing in JavaScript keeps a Rust JSON parser, and the float formatting
//! its error messages pull in, out of the verify module (about 70 KB of its
//! size); the numbers, points and lengths are then checked by
//! `medzk-verifier` exactly as for native callers.
//!
//! Off WebAssembly (the crate's native tests) there is no JavaScript engine;
//! there the same functions parse with serde_json, and the JavaScript path is
//! exercised by the node and browser tests.

use medzk_verifier::proof_file::ProofFile;
use medzk_verifier::snarkjs::VerificationKeyJson;
use medzk_verifier::VerifyError;

type Result<T> = core::result::Result<T, VerifyError>;

/// The verifier's expectations as read:
/// `{"issuerRoots": ["…"], "scope": "…", "challenge": "…", "referenceDates": [from, to]}`
/// (or `"anyChallenge": true` instead of `challenge`). Members are read as
/// optional here (absent and `null` alike) so that [`crate::expect`] can say
/// which one is missing; it requires every one of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields, rename_all = "camelCase"))]
pub struct ExpectationsJson {
    /// Accepted issuer roots (decimal).
    pub issuer_roots: Option<Vec<String>>,
    /// The scope (decimal).
    pub scope: Option<String>,
    /// The challenge (decimal).
    pub challenge: Option<String>,
    /// The accepted reference-date window (days since 1900-01-01).
    pub reference_dates: Option<(u32, u32)>,
    /// `true` waives the challenge check (then `challenge` must be absent).
    pub any_challenge: Option<bool>,
}

#[cfg(target_arch = "wasm32")]
pub use engine::{expectations, proof_file, verification_key};
#[cfg(not(target_arch = "wasm32"))]
pub use native::{expectations, proof_file, verification_key};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;

    fn parse<T: serde::de::DeserializeOwned>(what: &'static str, text: &str) -> Result<T> {
        serde_json::from_str(text).map_err(|e| VerifyError::Json { what, message: e.to_string() })
    }

    /// A proof file (`medzk prove --out`).
    pub fn proof_file(text: &str) -> Result<ProofFile> {
        parse("proof file", text)
    }

    /// A snarkjs `verification_key.json`.
    pub fn verification_key(text: &str) -> Result<VerificationKeyJson> {
        parse("verification key", text)
    }

    /// Reads expectations.
    pub fn expectations(text: &str) -> Result<ExpectationsJson> {
        parse("expectations", text)
    }
}

#[cfg(target_arch = "wasm32")]
mod engine {
    use super::*;
    use js_sys::{Array, Object, Reflect, JSON};
    use medzk_verifier::proof_file::PublicInputsJson;
    use medzk_verifier::snarkjs::{G1Json, G2Json};
    use wasm_bindgen::{JsCast, JsValue};

    fn malformed(what: &'static str, message: String) -> VerifyError {
        VerifyError::Json { what, message }
    }

    /// Parses JSON text.
    fn parse(what: &'static str, text: &str) -> Result<JsValue> {
        JSON::parse(text).map_err(|e| {
            let reason = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
            malformed(what, reason.unwrap_or_else(|| "not JSON".into()))
        })
    }

    fn kind(value: &JsValue) -> &'static str {
        if value.is_null() {
            "null"
        } else if Array::is_array(value) {
            "an array"
        } else if value.is_object() {
            "an object"
        } else if value.is_string() {
            "a string"
        } else if value.as_f64().is_some() {
            "a number"
        } else if value.as_bool().is_some() {
            "a boolean"
        } else {
            "undefined"
        }
    }

    /// The members of one JSON object, read by name; [`Members::finish`] refuses
    /// members that were not read.
    struct Members {
        what: &'static str,
        object: Object,
        read: Vec<&'static str>,
    }

    impl Members {
        fn of(what: &'static str, value: JsValue) -> Result<Self> {
            if !value.is_object() || Array::is_array(&value) || value.is_null() {
                return Err(malformed(what, format!("invalid type: {}, expected an object", kind(&value))));
            }
            Ok(Members { what, object: value.unchecked_into(), read: Vec::new() })
        }

        fn get(&mut self, name: &'static str) -> Result<Option<JsValue>> {
            self.read.push(name);
            let value = Reflect::get(&self.object, &JsValue::from_str(name))
                .map_err(|_| malformed(self.what, format!("cannot read `{name}`")))?;
            Ok(if value.is_undefined() { None } else { Some(value) })
        }

        /// An optional member: absent and `null` are both `None`.
        fn optional(&mut self, name: &'static str) -> Result<Option<JsValue>> {
            Ok(self.get(name)?.filter(|v| !v.is_null()))
        }

        fn required(&mut self, name: &'static str) -> Result<JsValue> {
            self.get(name)?.ok_or_else(|| malformed(self.what, format!("missing field `{name}`")))
        }

        fn string(&mut self, name: &'static str) -> Result<String> {
            let value = self.required(name)?;
            string(self.what, name, &value)
        }

        fn integer(&mut self, name: &'static str) -> Result<u32> {
            let value = self.required(name)?;
            integer(self.what, name, &value)
        }

        fn finish(self) -> Result<()> {
            for key in Object::keys(&self.object).iter() {
                let key = key.as_string().unwrap_or_default();
                if !self.read.iter().any(|r| *r == key) {
                    return Err(malformed(self.what, format!("unknown field `{key}`")));
                }
            }
            Ok(())
        }
    }

    fn string(what: &'static str, name: &str, value: &JsValue) -> Result<String> {
        value.as_string().ok_or_else(|| {
            malformed(what, format!("`{name}`: invalid type: {}, expected a string", kind(value)))
        })
    }

    fn boolean(what: &'static str, name: &str, value: &JsValue) -> Result<bool> {
        value.as_bool().ok_or_else(|| {
            malformed(what, format!("`{name}`: invalid type: {}, expected a boolean", kind(value)))
        })
    }

    fn integer(what: &'static str, name: &str, value: &JsValue) -> Result<u32> {
        match value.as_f64() {
            Some(x) if x.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&x) => Ok(x as u32),
            _ => Err(malformed(what, format!("`{name}`: expected an integer from 0 to 2^32 − 1"))),
        }
    }

    fn array(what: &'static str, name: &str, value: &JsValue, len: Option<usize>) -> Result<Array> {
        if !Array::is_array(value) {
            return Err(malformed(
                what,
                format!("`{name}`: invalid type: {}, expected an array", kind(value)),
            ));
        }
        let array: Array = value.clone().unchecked_into();
        match len {
            Some(n) if array.length() as usize != n => Err(malformed(
                what,
                format!("`{name}`: invalid length {}, expected an array of {n}", array.length()),
            )),
            _ => Ok(array),
        }
    }

    fn strings<const N: usize>(what: &'static str, name: &str, value: &JsValue) -> Result<[String; N]> {
        let array = array(what, name, value, Some(N))?;
        let mut out: [String; N] = core::array::from_fn(|_| String::new());
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = string(what, name, &array.get(i as u32))?;
        }
        Ok(out)
    }

    fn nested<const N: usize, T>(
        what: &'static str,
        name: &str,
        value: &JsValue,
        item: impl Fn(&JsValue) -> Result<T>,
    ) -> Result<[T; N]> {
        let array = array(what, name, value, Some(N))?;
        let items = (0..N).map(|i| item(&array.get(i as u32))).collect::<Result<Vec<T>>>()?;
        Ok(items.try_into().unwrap_or_else(|_| unreachable!("N items")))
    }

    fn g1(what: &'static str, name: &str, value: &JsValue) -> Result<G1Json> {
        strings::<3>(what, name, value)
    }

    fn g2(what: &'static str, name: &str, value: &JsValue) -> Result<G2Json> {
        nested::<3, _>(what, name, value, |v| strings::<2>(what, name, v))
    }

    /// A proof file (`medzk prove --out`).
    pub fn proof_file(text: &str) -> Result<ProofFile> {
        const WHAT: &str = "proof file";
        let mut file = Members::of(WHAT, parse(WHAT, text)?)?;
        let format = file.string("format")?;
        let version = file.integer("version")?;
        let policy = file.string("policy")?;
        let shape = file.string("shape")?;
        let mut inputs = Members::of(WHAT, file.required("public_inputs")?)?;
        let public_inputs = PublicInputsJson {
            issuer_root: inputs.string("issuer_root")?,
            policy_hash: inputs.string("policy_hash")?,
            reference_date: inputs.integer("reference_date")?,
            scope: inputs.string("scope")?,
            nullifier: inputs.string("nullifier")?,
            challenge: inputs.string("challenge")?,
            revealed_hash: inputs.string("revealed_hash")?,
        };
        inputs.finish()?;
        let proof = file.string("proof")?;
        file.finish()?;
        Ok(ProofFile { format, version, policy, shape, public_inputs, proof })
    }

    /// A snarkjs `verification_key.json`.
    pub fn verification_key(text: &str) -> Result<VerificationKeyJson> {
        const WHAT: &str = "verification key";
        let mut vk = Members::of(WHAT, parse(WHAT, text)?)?;
        let protocol = vk.string("protocol")?;
        let curve = vk.string("curve")?;
        let n_public = vk.integer("nPublic")? as usize;
        let vk_alpha_1 = g1(WHAT, "vk_alpha_1", &vk.required("vk_alpha_1")?)?;
        let vk_beta_2 = g2(WHAT, "vk_beta_2", &vk.required("vk_beta_2")?)?;
        let vk_gamma_2 = g2(WHAT, "vk_gamma_2", &vk.required("vk_gamma_2")?)?;
        let vk_delta_2 = g2(WHAT, "vk_delta_2", &vk.required("vk_delta_2")?)?;
        let alpha_beta = vk.required("vk_alphabeta_12")?;
        let vk_alphabeta_12 = nested::<2, _>(WHAT, "vk_alphabeta_12", &alpha_beta, |fq6| {
            nested::<3, _>(WHAT, "vk_alphabeta_12", fq6, |fq2| strings::<2>(WHAT, "vk_alphabeta_12", fq2))
        })?;
        let ic_array = array(WHAT, "IC", &vk.required("IC")?, None)?;
        let ic = ic_array.iter().map(|p| g1(WHAT, "IC", &p)).collect::<Result<Vec<_>>>()?;
        vk.finish()?;
        Ok(VerificationKeyJson {
            protocol,
            curve,
            n_public,
            vk_alpha_1,
            vk_beta_2,
            vk_gamma_2,
            vk_delta_2,
            vk_alphabeta_12,
            ic,
        })
    }

    /// Reads expectations.
    pub fn expectations(text: &str) -> Result<ExpectationsJson> {
        const WHAT: &str = "expectations";
        let mut e = Members::of(WHAT, parse(WHAT, text)?)?;
        let roots = match e.optional("issuerRoots")? {
            Some(v) => Some(
                array(WHAT, "issuerRoots", &v, None)?
                    .iter()
                    .map(|r| string(WHAT, "issuerRoots", &r))
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        let scope = e.optional("scope")?.map(|v| string(WHAT, "scope", &v)).transpose()?;
        let challenge = e.optional("challenge")?.map(|v| string(WHAT, "challenge", &v)).transpose()?;
        let dates = match e.optional("referenceDates")? {
            Some(v) => {
                let [from, to] =
                    nested::<2, _>(WHAT, "referenceDates", &v, |d| integer(WHAT, "referenceDates", d))?;
                Some((from, to))
            }
            None => None,
        };
        let any_challenge =
            e.optional("anyChallenge")?.map(|v| boolean(WHAT, "anyChallenge", &v)).transpose()?;
        e.finish()?;
        Ok(ExpectationsJson { issuer_roots: roots, scope, challenge, reference_dates: dates, any_challenge })
    }
}
