//! The typed boundary (issue 22.3): what pages, worker messages and `chrome.storage` send is
//! read once, at the edge (`src/wasm/`, the worker's message dispatch), into
//! `#[derive(Deserialize)]` structs; the decisions take those. Stored and sent JSON was always
//! read leniently (a value of the wrong type counts as absent, unknown keys are ignored), and
//! older stored data must keep loading: [`lenient`] keeps that per field.
//!
//! Size: a struct is read from the object's entries ([`from_object`]), not through
//! `serde_json`'s `&Value` deserializer, whose struct path also compiles an array reader per
//! struct into the wasm; and a field is read in place, not through a copied `Value`.

use serde::de::value::MapDeserializer;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `#[serde(default, deserialize_with = "crate::typed::lenient")]`: the field as `T`, or
/// `T::default()` when it is of another type (null included). For a field of a struct read
/// from a JSON value (a failed field leaves nothing half-read behind there).
pub fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(T::deserialize(d).unwrap_or_default())
}

/// A text, or `None` for a value of another type.
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(String::deserialize(d).ok()))
    }
}

/// `#[serde(default, deserialize_with = "crate::typed::strings")]`: the texts of a list (other
/// items skipped); anything but a list counts as empty.
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Vec::<Text>::deserialize(d).map(|l| l.into_iter().filter_map(|t| t.0).collect()).unwrap_or_default())
}

/// An item of a list read leniently: `T::default()` when it is not a `T`.
struct Item<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient(d).map(Item)
    }
}

/// `#[serde(default, deserialize_with = "crate::typed::items")]`: a list whose items are read
/// as [`lenient`] reads a field (an item that is not a `T`: the default one); anything but a
/// list counts as empty.
pub fn items<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<Item<T>>::deserialize(d).map(|l| l.into_iter().map(|i| i.0).collect()).unwrap_or_default())
}

/// `T` from a JSON object's entries; `None` for anything but an object, or one `T` refuses.
pub fn from_object<T: DeserializeOwned>(v: &Value) -> Option<T> {
    let entries = v.as_object()?.iter().map(|(k, v)| (k.as_str(), v));
    T::deserialize(MapDeserializer::<_, serde_json::Error>::new(entries)).ok()
}

/// `T` from a JSON value read leniently: anything that is not an object (null, a string, …)
/// counts as the empty one; its fields are read as their attributes say.
pub fn from_value<T: DeserializeOwned + Default>(v: &Value) -> T {
    from_object(v).unwrap_or_default()
}
