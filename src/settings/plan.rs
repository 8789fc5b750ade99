//! What a decision writes: [`StoragePlan`] (per area: set and remove; the sealed keys), and
//! where Save puts the user's secret.

use super::precedence::Connection;
use super::stored::SEALED_LOCAL;
use serde::Serialize;
use serde_json::Map;
use serde_json::Value;

/// What to write to and remove from each area. Within an area the keys set and removed are
/// disjoint, so the order of the writes does not matter.
///
/// Serialized with `local.seal`: the keys of `local.set` the worker must seal before writing
/// ([`SEALED_LOCAL`]; omitted when none). Computed here, when the plan crosses to the worker,
/// so no plan can write one of them in plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoragePlan {
    pub local: AreaPlan,
    pub session: AreaPlan,
}

impl StoragePlan {
    /// The keys of `local.set` to be sealed.
    pub fn seal(&self) -> Vec<&'static str> {
        SEALED_LOCAL.iter().copied().filter(|k| self.local.set.contains_key(*k)).collect()
    }
}

impl Serialize for StoragePlan {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Area<'a> {
            set: &'a Map<String, Value>,
            remove: &'a [&'static str],
            #[serde(skip_serializing_if = "Vec::is_empty")]
            seal: Vec<&'static str>,
        }
        #[derive(Serialize)]
        struct Plan<'a> {
            local: Area<'a>,
            session: Area<'a>,
        }
        Plan {
            local: Area { set: &self.local.set, remove: &self.local.remove, seal: self.seal() },
            session: Area { set: &self.session.set, remove: &self.session.remove, seal: Vec::new() },
        }
        .serialize(ser)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AreaPlan {
    pub set: Map<String, Value>,
    pub remove: Vec<&'static str>,
}

impl AreaPlan {
    pub(super) fn remove(&mut self, keys: &[&'static str]) {
        for k in keys {
            if !self.remove.contains(k) {
                self.remove.push(k);
            }
        }
    }
}

pub(super) const SECRET_KEYS: &[&str] = &["secret", "secretOrigin", "secretIntel"];

/// Where Save puts the user's secret: in the area `remember` chose (`on_device`: storage.local),
/// bound to its host's origin and its custom private intelligence origin, and removed from the
/// other area; `None`: no secret kept anywhere.
pub(super) fn keep_secret(plan: &mut StoragePlan, on_device: bool, secret: Option<&Connection>) {
    let (keep, drop) = if on_device { (&mut plan.local, &mut plan.session) } else { (&mut plan.session, &mut plan.local) };
    drop.remove(SECRET_KEYS);
    let Some(c) = secret else {
        keep.remove(SECRET_KEYS);
        return;
    };
    keep.set.insert("secret".into(), Value::String(c.client_secret.clone()));
    keep.set.insert("secretOrigin".into(), Value::String(c.origin.clone()));
    let intel = c.host.intel_origin();
    if intel.is_empty() {
        keep.remove(&["secretIntel"]);
    } else {
        keep.set.insert("secretIntel".into(), Value::String(intel));
    }
}
