//! The typed boundary (issue 22.3): what pages, worker messages and `chrome.storage` send is
//! read once, at the edge (`src/wasm/`, the worker's message dispatch), into
//! `#[derive(Deserialize)]` structs; the decisions take those. Stored and sent JSON was always
//! read leniently (a value of the wrong type counts as absent, unknown keys are ignored), and
//! older stored data must keep loading: [`lenient`] keeps that per field.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `#[serde(default, deserialize_with = "crate::typed::lenient")]`: the field as `T`, or
/// `T::default()` when it is of another type (null included).
pub fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<T, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(T::deserialize(&v).unwrap_or_default())
}

/// `#[serde(default, deserialize_with = "crate::typed::strings")]`: the strings of a list (other
/// items skipped); anything but a list counts as empty.
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default())
}

/// `T` from a JSON value read leniently: anything that is not an object (null, a string, …)
/// counts as the empty one; its fields are read as their attributes say.
pub fn from_value<T: DeserializeOwned + Default>(v: &Value) -> T {
    if v.is_object() {
        T::deserialize(v).unwrap_or_default()
    } else {
        T::default()
    }
}

/// `#[serde(default, deserialize_with = "crate::typed::items")]`: a list whose items are read
/// as [`from_value`] reads them (an item that is not an object: the empty one); anything but a
/// list counts as empty.
pub fn items<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<Vec<T>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(v.as_array().map(|a| a.iter().map(from_value).collect()).unwrap_or_default())
}
