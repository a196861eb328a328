//! SMART Health Card revocation: the issuer's per-key card revocation list
//! (`<iss>/.well-known/crl/<kid>.json`, method `rid`), checked against a
//! card's revocation identifier `vc.rid`.
//!
//! The rules (the SMART Health Cards framework's revocation section, as read
//! here):
//! - a key whose JWK carries `crlVersion` revokes cards: importing a card
//!   signed by it needs that key's CRL, with `ctr` at least `crlVersion`
//!   (an older CRL may miss revocations and is refused);
//! - a CRL entry `rid` revokes every card with that `rid`; an entry
//!   `rid.t` revokes the cards with that `rid` whose `nbf` is before `t`
//!   (seconds since 1970), so an issuer can revoke a person's old cards and
//!   keep the reissued ones;
//! - a card without `rid` cannot be revoked individually (only by removing
//!   its key from the JWKS), and passes;
//! - a `rid` is base64url, at most 24 characters.

use super::{HealthCard, Jwks};
use crate::RecordError;
use serde::Deserialize;

/// The longest revocation identifier the framework allows.
pub const MAX_RID_LEN: usize = 24;
/// The most entries a CRL may hold here (a bound on hostile input).
pub const MAX_CRL_ENTRIES: usize = 1 << 20;

/// One revoked identifier, optionally only for cards issued before a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokedRid {
    /// The revocation identifier.
    pub rid: String,
    /// Revokes only the cards whose `nbf` is before this (seconds since 1970).
    pub before: Option<i64>,
}

/// A card revocation list of one issuer key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crl {
    /// The key id whose cards it lists.
    pub kid: String,
    /// The list's version counter.
    pub ctr: u64,
    /// The revoked identifiers.
    pub rids: Vec<RevokedRid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrlJson {
    kid: String,
    method: String,
    ctr: u64,
    rids: Vec<String>,
}

/// Whether `rid` is a well-formed revocation identifier.
pub fn valid_rid(rid: &str) -> bool {
    (1..=MAX_RID_LEN).contains(&rid.len())
        && rid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Crl {
    /// Parses a CRL document, refusing other methods and malformed entries.
    pub fn from_json(text: &str) -> Result<Crl, RecordError> {
        let bad = |reason: String| RecordError::ShcMalformedCrl(reason);
        let doc: CrlJson = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if doc.method != "rid" {
            return Err(bad(format!("method {:?} is not supported (only \"rid\")", doc.method)));
        }
        if doc.rids.len() > MAX_CRL_ENTRIES {
            return Err(bad(format!("{} entries, more than {MAX_CRL_ENTRIES}", doc.rids.len())));
        }
        let rids = doc
            .rids
            .iter()
            .map(|entry| {
                let (rid, before) = match entry.split_once('.') {
                    Some((rid, t)) => {
                        let digits = (1..=12).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
                        let t = digits.then(|| t.parse::<i64>().ok()).flatten().ok_or_else(|| {
                            bad(format!("entry {entry:?}: the timestamp is not whole seconds"))
                        })?;
                        (rid, Some(t))
                    }
                    None => (entry.as_str(), None),
                };
                if !valid_rid(rid) {
                    return Err(bad(format!(
                        "entry {entry:?}: a rid is 1 to {MAX_RID_LEN} base64url characters"
                    )));
                }
                Ok(RevokedRid { rid: rid.to_owned(), before })
            })
            .collect::<Result<_, _>>()?;
        Ok(Crl { kid: doc.kid, ctr: doc.ctr, rids })
    }

    /// Whether the list revokes `card` (whatever key signed it).
    pub fn revokes(&self, card: &HealthCard) -> bool {
        let Some(rid) = card.rid.as_deref() else { return false };
        self.rids.iter().any(|r| r.rid == rid && r.before.is_none_or(|t| card.nbf < t))
    }
}

/// Checks a verified card against its key's revocation list: refused when
/// revoked, when its key revokes cards and no CRL of that key is given, or
/// when the CRL given is older than the key's `crlVersion`. CRLs of other
/// keys are ignored.
pub fn check_revocation(card: &HealthCard, jwks: &Jwks, crls: &[Crl]) -> Result<(), RecordError> {
    let version = jwks.keys.iter().find(|k| k.kid == card.kid).and_then(|k| k.crl_version);
    // Of several lists for the key, the newest decides.
    let crl = crls.iter().filter(|c| c.kid == card.kid).max_by_key(|c| c.ctr);
    match (version, crl) {
        (Some(_), None) => Err(RecordError::ShcCrlRequired { kid: card.kid.clone() }),
        (Some(version), Some(crl)) if crl.ctr < version => {
            Err(RecordError::ShcCrlStale { kid: card.kid.clone(), ctr: crl.ctr, crl_version: version })
        }
        (_, Some(crl)) if crl.revokes(card) => {
            Err(RecordError::ShcRevoked { rid: card.rid.clone().unwrap_or_default(), kid: card.kid.clone() })
        }
        _ => Ok(()),
    }
}
