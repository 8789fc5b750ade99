//! The respond view around each observable (issue 23, item 5): one card per observable (its
//! row, the Unicode form of an IDN, and the actions that target it, grouped by module), the
//! actions with no single target in a general group at the end, and the fold: a card whose
//! observable is rated Clean or Common keeps its actions under "more", and the confirmation of
//! such an action names the verdict. The page asks again when the verdicts arrive and only
//! opens or closes folds: the grouping never changes after the actions are listed.

use super::respond::{found_rows, FoundIn, FoundRow, ModuleIn, VerdictsIn};
use super::{Label, Locale, ObservableIn, Text};
use crate::api::enrich::disposition_name;
use crate::api::matching::key;
use serde::Serialize;

/// An observable rated Clean or Common: its actions are folded and their confirmation says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rated {
    /// The verdict's name, in the locale of the moment.
    pub verdict: String,
    /// How many modules gave that verdict.
    pub modules: u64,
}

/// The rating that folds `o`'s actions, if the verdicts say Clean or Common (the worst verdict:
/// one Malicious or Suspicious module keeps the actions in view).
pub fn rated(o: &ObservableIn, verdicts: &[VerdictsIn]) -> Option<Rated> {
    let k = key(&o.kind, &o.value);
    let r = verdicts.iter().find(|r| key(&r.kind, &r.value) == k)?;
    matches!(r.disposition, 1 | 4)
        .then(|| Rated { verdict: disposition_name(r.disposition), modules: r.verdicts.iter().filter(|v| v.disposition == r.disposition).count() as u64 })
}

/// A module's box in a card or in the general group: its name, its error lines (general group
/// only: a module's errors are not about one observable), and its actions in answer order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct Group {
    pub module: String,
    pub errors: Vec<String>,
    pub actions: Vec<Placed>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct Placed {
    pub m: usize,
    pub a: usize,
    /// The target line ("domain evil.com"), in the general group only: in a card the card says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// Why a card's actions wait behind a click, and the words of that click.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct Fold {
    /// `reference`: a reference host (context, not a threat); `verdict`: rated Clean or Common.
    pub why: &'static str,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct Card {
    /// The findings' row (ticked, reference host, chips): not flattened, which costs the wasm
    /// a serializer of its own; the page reads `row.checked`.
    pub row: FoundRow,
    /// The Unicode form of an IDN value, shown beside it (the value stays the A-label).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unicode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unicode_title: Option<&'static str>,
    pub modules: Vec<Group>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct General {
    pub heading: &'static str,
    pub modules: Vec<Group>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(optional_fields))]
pub struct CardsView {
    /// One per observable found, in the findings' order.
    pub cards: Vec<Card>,
    /// The actions with no single target among the cards, and every module's errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general: Option<General>,
    /// The line when the modules offer no action at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty: Option<&'static str>,
}

/// A module's box in `groups`, by name, added at the end the first time (answer order kept).
fn group<'a>(groups: &'a mut Vec<Group>, module: &str) -> &'a mut Group {
    let i = groups.iter().position(|g| g.module == module).unwrap_or_else(|| {
        groups.push(Group { module: module.to_owned(), errors: Vec::new(), actions: Vec::new() });
        groups.len() - 1
    });
    &mut groups[i]
}

/// The cards for `found`; `actions` (the answer's module groups) once listed (none before),
/// `verdicts` (the answer's observables) once they arrived.
pub fn cards(found: &[FoundIn], actions: Option<&[ModuleIn]>, verdicts: Option<&[VerdictsIn]>, l: Locale) -> CardsView {
    let rows = found_rows(found, l);
    let keys: Vec<_> = found.iter().map(|o| key(&o.kind, &o.value)).collect();
    let mut cards: Vec<Card> = found
        .iter()
        .zip(rows)
        .map(|(o, row)| {
            let unicode = crate::extract::idn_unicode(&o.kind, &o.value);
            Card { row, unicode_title: unicode.as_ref().map(|_| Label::unicodeFormTitle.say(l)), unicode, modules: Vec::new(), fold: None }
        })
        .collect();
    let mut general = Vec::new();
    let mut any = false;
    for (m, g) in actions.unwrap_or_default().iter().enumerate() {
        if !g.errors.is_empty() {
            group(&mut general, &g.module).errors.extend(g.errors.iter().map(|e| Text::ModuleError { warning: e.warning(), message: e.said() }.say(l)));
        }
        for (a, t) in g.actions.iter().enumerate() {
            any = true;
            let card = t.observable.as_ref().and_then(|o| {
                let k = key(&o.kind, &o.value);
                keys.iter().position(|x| *x == k)
            });
            match card {
                Some(c) => group(&mut cards[c].modules, &g.module).actions.push(Placed { m, a, target: None }),
                None => {
                    let target = t.observable.as_ref().map(|o| Text::Target { kind: o.kind.clone(), value: o.value.clone() }.say(l));
                    group(&mut general, &g.module).actions.push(Placed { m, a, target });
                }
            }
        }
    }
    for (card, o) in cards.iter_mut().zip(found) {
        let n = card.modules.iter().map(|g| g.actions.len() as u64).sum::<u64>();
        if n == 0 {
            continue;
        }
        let asked = ObservableIn { kind: o.kind.clone(), value: o.value.clone() };
        card.fold = if o.reference {
            Some(Fold { why: "reference", summary: Text::ReferenceFold { value: o.value.clone() }.say(l) })
        } else {
            verdicts.and_then(|v| rated(&asked, v)).map(|r| Fold { why: "verdict", summary: Text::MoreActions { n, verdict: r.verdict }.say(l) })
        };
    }
    CardsView {
        cards,
        general: (!general.is_empty()).then(|| General { heading: Label::generalActions.say(l), modules: general }),
        empty: (actions.is_some() && !any).then(|| Label::noActions.say(l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const EN: Locale = Locale::En;

    fn found(v: Value) -> Vec<FoundIn> {
        serde_json::from_value(v).unwrap()
    }
    /// The `modules` of an actions answer.
    fn actions(v: Value) -> Vec<ModuleIn> {
        serde_json::from_value(v["modules"].clone()).unwrap()
    }
    /// The `observables` of a verdicts answer.
    fn verdicts(v: Value) -> Vec<VerdictsIn> {
        serde_json::from_value(v["observables"].clone()).unwrap()
    }
    fn act(kind: &str, value: &str) -> Value {
        json!({ "title": "t", "observable": { "type": kind, "value": value } })
    }
    fn slots(g: &Group) -> Vec<(usize, usize)> {
        g.actions.iter().map(|p| (p.m, p.a)).collect()
    }

    fn two_observables() -> (Vec<FoundIn>, Vec<ModuleIn>) {
        let f = found(json!([{ "type": "domain", "value": "evil.com" }, { "type": "domain", "value": "cisco.com" }, { "type": "ip", "value": "10.0.0.1" }]));
        let a = actions(json!({ "modules": [
            { "module": "Umbrella", "actions": [act("domain", "evil.com"), act("domain", "Cisco.com."), { "title": "Isolate" }], "errors": [] },
            { "module": "SecureX", "actions": [act("domain", "evil.com"), act("sha256", "ab")], "errors": [{ "type": "warning", "message": "partial" }] },
            { "module": "Broken", "actions": [], "errors": [{ "code": "down" }] },
        ] }));
        (f, a)
    }

    #[test]
    fn each_action_lands_in_the_card_of_its_target_grouped_by_module_the_rest_in_the_general_group() {
        let (f, a) = two_observables();
        let v = cards(&f, Some(a.as_slice()), None, EN);
        assert_eq!(v.cards.len(), 3);
        let evil = &v.cards[0];
        assert_eq!(evil.modules.iter().map(|g| g.module.as_str()).collect::<Vec<_>>(), ["Umbrella", "SecureX"]);
        assert_eq!((slots(&evil.modules[0]), slots(&evil.modules[1])), (vec![(0, 0)], vec![(1, 0)]));
        assert!(evil.modules.iter().all(|g| g.errors.is_empty() && g.actions.iter().all(|p| p.target.is_none())));
        // Matched on the key that forgets case and the trailing dot.
        assert_eq!(slots(&v.cards[1].modules[0]), [(0, 1)]);
        assert!(v.cards[2].modules.is_empty(), "no action targets the ip");
        let general = v.general.unwrap();
        assert_eq!(general.heading, "Actions for no single observable");
        let by: Vec<_> = general.modules.iter().map(|g| (g.module.as_str(), slots(g), g.errors.clone())).collect();
        assert_eq!(
            by,
            [
                ("Umbrella", vec![(0, 2)], vec![]),
                ("SecureX", vec![(1, 1)], vec!["Warning: partial".to_string()]),
                ("Broken", vec![], vec!["Error: down".to_string()])
            ]
        );
        // An action whose target is not a card says its target; one with none says nothing.
        assert_eq!(general.modules[1].actions[0].target.as_deref(), Some("sha256 ab"));
        assert_eq!(general.modules[0].actions[0].target, None);
        assert_eq!(v.empty, None);
    }

    #[test]
    fn before_the_actions_the_cards_are_the_findings_rows_and_no_action_at_all_is_said() {
        let (f, _) = two_observables();
        let v = cards(&f, None, None, EN);
        assert!(v.cards.iter().all(|c| c.modules.is_empty() && c.fold.is_none() && c.row.checked));
        assert_eq!((v.general, v.empty), (None, None));
        let v = cards(&f, Some(&[]), None, EN);
        assert_eq!(v.empty, Some("No module offers a response action for these observables."));
    }

    #[test]
    fn a_card_rated_clean_or_common_folds_its_actions_naming_the_verdict_and_a_worse_verdict_does_not() {
        let (f, a) = two_observables();
        let r = verdicts(json!({ "observables": [
            { "type": "domain", "value": "cisco.com", "disposition": 1, "verdicts": [{ "disposition": 1 }, { "disposition": 1 }, { "disposition": 4 }] },
            { "type": "domain", "value": "evil.com", "disposition": 2, "verdicts": [{ "disposition": 1 }, { "disposition": 2 }] },
        ] }));
        let v = cards(&f, Some(a.as_slice()), Some(r.as_slice()), EN);
        assert_eq!(v.cards[0].fold, None, "one Malicious module keeps the actions in view");
        assert_eq!(v.cards[1].fold, Some(Fold { why: "verdict", summary: "More: 1 action on an observable rated Clean".into() }));
        assert_eq!(v.cards[2].fold, None, "no actions, nothing to fold");
        let common = verdicts(json!({ "observables": [{ "type": "domain", "value": "evil.com", "disposition": 4, "verdicts": [{ "disposition": 4 }] }] }));
        assert_eq!(
            cards(&f, Some(a.as_slice()), Some(common.as_slice()), EN).cards[0].fold.clone().unwrap().summary,
            "More: 2 actions on an observable rated Common"
        );
        // The grouping is the same before and after the verdicts: only the fold changes.
        let before = cards(&f, Some(a.as_slice()), None, EN);
        assert!(before.cards.iter().zip(&v.cards).all(|(x, y)| x.modules == y.modules));
        assert_eq!(rated(&ObservableIn { kind: "domain".into(), value: "CISCO.COM".into() }, &r), Some(Rated { verdict: "Clean".into(), modules: 2 }));
        assert_eq!(rated(&ObservableIn { kind: "domain".into(), value: "evil.com".into() }, &r), None);
        assert_eq!(rated(&ObservableIn { kind: "domain".into(), value: "other.com".into() }, &r), None);
    }

    #[test]
    fn a_reference_hosts_card_folds_behind_its_own_words_whatever_its_verdict() {
        let f = found(json!([{ "type": "domain", "value": "www.virustotal.com", "reference": true }]));
        let a = actions(json!({ "modules": [{ "module": "Umbrella", "actions": [act("domain", "www.virustotal.com")] }] }));
        let r = verdicts(json!({ "observables": [{ "type": "domain", "value": "www.virustotal.com", "disposition": 1, "verdicts": [{ "disposition": 1 }] }] }));
        let v = cards(&f, Some(a.as_slice()), Some(r.as_slice()), EN);
        assert!(!v.cards[0].row.checked);
        assert_eq!(v.cards[0].fold, Some(Fold { why: "reference", summary: "Show actions for this reference host (www.virustotal.com)".into() }));
    }

    #[test]
    fn an_idns_card_shows_its_unicode_form_beside_the_a_label() {
        let f = found(json!([
            { "type": "domain", "value": "xn--bcher-kva.de" },
            { "type": "url", "value": "https://user@XN--E1AFMKFD.xn--p1ai:8443/путь?q=xn--bcher-kva" },
            { "type": "email", "value": "ivan@xn--e1afmkfd.xn--p1ai" },
            { "type": "domain", "value": "example.com" },
            { "type": "domain", "value": "xn--zz-zzzzzzzzzzzzzzzzzzzz.com" },
            { "type": "sha256", "value": "xn--bcher-kva" },
            // Decodes, but to a right-to-left override: never shown in place of the A-label.
            { "type": "domain", "value": format!("xn--{}.com", crate::extract::punycode("a\u{202e}b").unwrap()) },
        ]));
        let v = cards(&f, None, None, EN);
        let forms: Vec<_> = v.cards.iter().map(|c| c.unicode.as_deref()).collect();
        assert_eq!(forms, [Some("bücher.de"), Some("https://user@пример.рф:8443/путь?q=xn--bcher-kva"), Some("ivan@пример.рф"), None, None, None, None]);
        assert!(v.cards[0].unicode_title.is_some() && v.cards[3].unicode_title.is_none());
    }

    #[test]
    fn an_action_that_does_not_read_keeps_its_place_in_the_general_group() {
        let f = found(json!([{ "type": "ip", "value": "10.0.0.1" }]));
        let a: Vec<ModuleIn> =
            serde_json::from_value(json!([{ "module": "M", "errors": "no", "actions": [{ "observable": 7 }, act("ip", "10.0.0.1")] }])).unwrap();
        let v = cards(&f, Some(a.as_slice()), None, EN);
        assert_eq!(slots(&v.cards[0].modules[0]), [(0, 1)]);
        let general = v.general.unwrap();
        assert_eq!((slots(&general.modules[0]), general.modules[0].errors.len()), (vec![(0, 0)], 0));
    }
}
