//! Every storage key the worker uses, and the only part of the worker that reads or writes the
//! areas (through [`Host`]). What is written where is decided by `crate::settings`; this module
//! reads the areas for it and applies its plans.
//!
//! local   settings, secret (sealed), secretOrigin, secretIntel, askInspect, enrich, signin
//!         (sealed), sightings, auditNote, staySignedIn, signinGeneration, language
//! session secret, secretOrigin, secretIntel, token, signin, confirms, sel:<id>, scan:<id>, scanRun
//! managed the enterprise policy (read-only)

use super::host::{Area, Host, HostError};
use crate::error::Error;
use crate::settings::{StoragePlan, Stored, StoredIn};
use crate::view::text::Text;
use serde_json::{json, Map, Value};

const LOCAL: &[&str] = &[
    "settings",
    "secret",
    "secretOrigin",
    "secretIntel",
    "askInspect",
    "enrich",
    "signin",
    "sightings",
    "auditNote",
    "staySignedIn",
    "signinGeneration",
    "language",
];
const SESSION: &[&str] = &["secret", "secretOrigin", "secretIntel", "token", "signin"];
pub const CONFIRMS: &str = "confirms";
pub const SELECTION: &str = "sel:";
pub const SCAN: &str = "scan:";
pub const RUN: &str = "scanRun";

/// A storage failure as pages see it, in the worker's language (`text::current`: the browser's
/// until a page or the options said the chosen one).
pub fn storage_error<H: Host>(_host: &H) -> impl Fn(HostError) -> Error + '_ {
    |e| Error::bad_input(Text::StorageFailed { cause: e.0 }.say(crate::view::text::current()))
}

/// The areas the settings are made of, sealed values opened (those that cannot be are handed
/// over as absent, named in `unreadable`); `dev`: dev-config.json's text.
pub async fn read_settings<H: Host>(host: &H, dev: Option<String>) -> Result<Stored, Error> {
    Ok(Stored::from_input(StoredIn::from_value(&read_opened(host, dev).await?)))
}

/// `{ local, session, managed, dev, opened, unreadable }`: the areas as read, sealed values
/// opened to their JSON text (what [`StoredIn`] reads).
pub async fn read_opened<H: Host>(host: &H, dev: Option<String>) -> Result<Value, Error> {
    let mut local = host.get(Area::Local, Some(LOCAL)).await.map_err(storage_error(host))?;
    let session = host.get(Area::Session, Some(SESSION)).await.map_err(storage_error(host))?;
    let managed = host.get(Area::Managed, None).await.unwrap_or_default();
    let mut opened = Vec::new();
    let mut unreadable = Vec::new();
    let sealed: Vec<String> = local.iter().filter(|(_, v)| host.is_sealed(v)).map(|(k, _)| k.clone()).collect();
    for k in sealed {
        let envelope = local[&k].clone();
        match host.open(&k, &envelope).await {
            Ok(text) => {
                local.insert(k.clone(), Value::String(text));
                opened.push(k);
            }
            Err(_) => {
                local.remove(&k);
                unreadable.push(k);
            }
        }
    }
    Ok(json!({ "local": local, "session": session, "managed": managed, "dev": dev, "opened": opened, "unreadable": unreadable }))
}

/// The "Language" choice alone ("en", "ja"; "": the browser's), read before a page's first words.
pub async fn language<H: Host>(host: &H) -> Result<&'static str, Error> {
    let local = host.get(Area::Local, Some(&["language"])).await.map_err(storage_error(host))?;
    Ok(crate::settings::language_choice(local.get("language").unwrap_or(&Value::Null)))
}

/// Applies a plan: the keys it marks sealed are sealed first; every new value is written before
/// any old one is removed (a worker stopped in between leaves a copy too many, never none).
pub async fn apply<H: Host>(host: &H, plan: &StoragePlan) -> Result<(), Error> {
    let mut local = plan.local.set.clone();
    for k in plan.seal() {
        if let Some(v) = local.get(k).cloned() {
            local.insert(k.to_string(), host.seal(k, &v).await.map_err(storage_error(host))?);
        }
    }
    if !local.is_empty() {
        host.set(Area::Local, local).await.map_err(storage_error(host))?;
    }
    if !plan.session.set.is_empty() {
        host.set(Area::Session, plan.session.set.clone()).await.map_err(storage_error(host))?;
    }
    for (area, p) in [(Area::Local, &plan.local), (Area::Session, &plan.session)] {
        let gone: Vec<String> = p.remove.iter().filter(|k| !p.set.contains_key(**k)).map(|k| k.to_string()).collect();
        if !gone.is_empty() {
            host.remove(area, &gone).await.map_err(storage_error(host))?;
        }
    }
    Ok(())
}

/// One value of storage.session (null when absent).
pub async fn session_value<H: Host>(host: &H, key: &str) -> Result<Value, Error> {
    Ok(host.get(Area::Session, Some(&[key])).await.map_err(storage_error(host))?.remove(key).unwrap_or(Value::Null))
}

pub async fn set_session<H: Host>(host: &H, key: &str, value: Value) -> Result<(), Error> {
    let mut m = Map::new();
    m.insert(key.to_string(), value);
    host.set(Area::Session, m).await.map_err(storage_error(host))
}

/// Removes the session keys starting with `prefix` (older hand-offs, older scans).
pub async fn remove_prefixed<H: Host>(host: &H, prefix: &str) -> Result<(), Error> {
    let all = host.get(Area::Session, None).await.map_err(storage_error(host))?;
    let stale: Vec<String> = all.keys().filter(|k| k.starts_with(prefix)).cloned().collect();
    if !stale.is_empty() {
        host.remove(Area::Session, &stale).await.map_err(storage_error(host))?;
    }
    Ok(())
}

/// Hands a selection to a respond window under `id`; older hand-offs are removed.
pub async fn put_selection<H: Host>(host: &H, id: &str, selection: Value) -> Result<(), Error> {
    remove_prefixed(host, SELECTION).await?;
    set_session(host, &format!("{SELECTION}{id}"), selection).await
}

/// The selection handed over under `id`, read once: the key is removed as it is read.
pub async fn take_selection<H: Host>(host: &H, id: &str) -> Result<Value, Error> {
    let key = format!("{SELECTION}{id}");
    let got = session_value(host, &key).await?;
    host.remove(Area::Session, &[key]).await.map_err(storage_error(host))?;
    Ok(if got.is_null() { json!({ "text": "" }) } else { got })
}
