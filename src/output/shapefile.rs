//! Properties that an ESRI Shapefile keeps whole (`--shapefile-fields`).
//!
//! A Shapefile stores attributes in a DBF table, which GDAL writes with
//! field names of at most 10 bytes, strings of at most 254 bytes, no lists,
//! and leading and trailing spaces trimmed on reading. `ogr2ogr` from our
//! plain GeoJSON therefore drops `forms` and `contexts`, cuts
//! `demonym_count` to `demonym_co` and long strings to 254 bytes.
//! [`shapefile_fields`] rewrites the features so that nothing is lost:
//!
//! * lists become JSON-array strings (`["Idlib","Idlib province"]`);
//! * `demonym_count` becomes `demonym_ct` (every other key already fits);
//! * a string longer than 254 bytes on any feature continues in numbered
//!   fields: `contexts`, `contexts2`, `contexts3`, ... (the same fields on
//!   every feature, empty where a value is shorter). The pieces are cut
//!   between two characters that are not spaces, so that DBF trimming
//!   removes nothing: the value is the pieces joined in order.

use std::collections::HashMap;

use geojson::{Feature, JsonObject};
use serde_json::Value;

/// The longest string a DBF field holds, in bytes.
pub const DBF_MAX_STRING: usize = 254;
/// The longest DBF field name, in bytes.
pub const DBF_MAX_NAME: usize = 10;

/// The DBF name of a property.
pub fn field_name(key: &str) -> &str {
    match key {
        "demonym_count" => "demonym_ct",
        k => k,
    }
}

/// The name of piece `i` (0-based) of a field: the field's own name, then
/// `NAME2`, `NAME3`, ... (the name shortened to keep 10 bytes).
pub fn piece_name(name: &str, i: usize) -> String {
    if i == 0 {
        return name.to_string();
    }
    let n = (i + 1).to_string();
    let mut keep = DBF_MAX_NAME.saturating_sub(n.len()).min(name.len());
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}{n}", &name[..keep])
}

/// Cuts a string into pieces of at most [`DBF_MAX_STRING`] bytes, each cut
/// between two characters that are not whitespace (a cut anywhere, if a
/// window has no such place).
pub fn pieces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while rest.len() > DBF_MAX_STRING {
        let mut end = DBF_MAX_STRING;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let good = |i: usize| {
            rest.is_char_boundary(i)
                && !rest[..i].ends_with(char::is_whitespace)
                && !rest[i..].starts_with(char::is_whitespace)
        };
        let cut = (1..=end).rev().find(|&i| good(i)).unwrap_or(end);
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out.push(rest);
    out
}

/// Rewrites the features' properties so that a Shapefile keeps every
/// value; see the [module docs](self).
pub fn shapefile_fields(features: &mut [Feature]) {
    for f in features.iter_mut() {
        for (_, v) in f.properties.iter_mut().flatten() {
            if v.is_array() {
                *v = Value::String(v.to_string());
            }
        }
    }
    let mut widest: HashMap<String, usize> = HashMap::new();
    for f in features.iter() {
        for (k, v) in f.properties.iter().flatten() {
            if let Value::String(s) = v {
                let n = pieces(s).len();
                let w = widest.entry(k.clone()).or_insert(1);
                *w = (*w).max(n);
            }
        }
    }
    for f in features.iter_mut() {
        let Some(old) = f.properties.take() else {
            continue;
        };
        let mut props = JsonObject::new();
        for (k, v) in old {
            let name = field_name(&k);
            match (&v, widest.get(&k)) {
                (Value::String(s), Some(&n)) if n > 1 => {
                    let parts = pieces(s);
                    for i in 0..n {
                        let piece = parts.get(i).copied().unwrap_or("");
                        props.insert(piece_name(name, i), piece.into());
                    }
                }
                _ => {
                    props.insert(name.to_string(), v);
                }
            }
        }
        f.properties = Some(props);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(props: Value) -> Feature {
        Feature {
            bbox: None,
            geometry: None,
            id: None,
            properties: props.as_object().cloned(),
            foreign_members: None,
        }
    }

    #[test]
    fn pieces_fit_and_join_back_without_edge_spaces() {
        let s = "ab cdé ".repeat(200);
        let s = s.trim_end();
        let p = pieces(s);
        assert!(p.len() > 1);
        assert_eq!(p.concat(), s);
        for x in &p {
            assert!(x.len() <= DBF_MAX_STRING);
            assert_eq!(x.trim(), *x, "{x:?}");
        }
        assert_eq!(pieces(""), [""]);
        assert_eq!(piece_name("contexts", 0), "contexts");
        assert_eq!(piece_name("contexts", 1), "contexts2");
        assert_eq!(piece_name("contexts", 11), "contexts12");
        assert_eq!(piece_name("demonym_ct", 2), "demonym_c3");
    }

    #[test]
    fn lists_become_json_and_long_strings_continue_in_numbered_fields() {
        let long: Vec<String> = (0..5)
            .map(|i| format!("snippet {i} {}", "é".repeat(100)))
            .collect();
        let mut fs = vec![
            feature(
                json!({"name": "A", "demonym_count": 2, "forms": ["A", "a"], "contexts": long}),
            ),
            feature(
                json!({"name": "B", "demonym_count": 0, "forms": ["B"], "contexts": ["short"]}),
            ),
        ];
        shapefile_fields(&mut fs);
        let a = fs[0].properties.as_ref().unwrap();
        let b = fs[1].properties.as_ref().unwrap();
        let keys: Vec<&String> = a.keys().collect();
        assert_eq!(
            keys,
            b.keys().collect::<Vec<_>>(),
            "the same fields on every feature"
        );
        assert!(keys.iter().all(|k| k.len() <= DBF_MAX_NAME), "{keys:?}");
        assert_eq!(a["demonym_ct"], 2);
        assert_eq!(a["forms"], "[\"A\",\"a\"]");
        let joined: String = keys
            .iter()
            .filter(|k| k.starts_with("contexts"))
            .map(|k| a[k.as_str()].as_str().unwrap())
            .collect();
        assert_eq!(serde_json::from_str::<Vec<String>>(&joined).unwrap(), long);
        assert_eq!(b["contexts"], "[\"short\"]");
        assert_eq!(b["contexts2"], "");
        for v in a.values().chain(b.values()) {
            if let Some(s) = v.as_str() {
                assert!(s.len() <= DBF_MAX_STRING);
            }
        }
    }
}
