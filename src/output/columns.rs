//! Mentions as columns in Arrow's memory layout (validity bitmaps, 32-bit
//! offsets, little-endian values): the Python package builds a
//! `pyarrow.RecordBatch` from a few buffers instead of a dict per mention
//! (`Geoparser.map_arrow`, used by the Spark example).
//!
//! The rows are the JSON objects of `--format mentions`
//! ([`mentions::for_each_mention`]), so a column holds exactly what that
//! format writes: same rounding, same nulls, the coordinates among the
//! names.

use serde_json::Value;

use super::{OutputOptions, mentions};
use crate::{DocResult, Gazetteer};

/// The mentions of mapped documents as columns, rows in the order of
/// `--format mentions`.
pub fn of_results(
    gaz: &Gazetteer,
    results: &[DocResult],
    opts: &OutputOptions,
) -> crate::Result<Columns> {
    let mut c = Columns::default();
    mentions::for_each_mention(gaz, results, opts, |m| c.push(&m))?;
    Ok(c)
}

/// The Arrow type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// `utf8`
    Str,
    /// `int64`
    Int,
    /// `float64`
    Float,
    /// `list<float64>`
    FloatList,
    /// `list<utf8>`
    StrList,
}

impl Type {
    /// The name the Python side maps to a pyarrow type.
    pub fn name(self) -> &'static str {
        match self {
            Type::Str => "utf8",
            Type::Int => "int64",
            Type::Float => "float64",
            Type::FloatList => "list<float64>",
            Type::StrList => "list<utf8>",
        }
    }
}

/// The columns of `--format mentions`, in its key order.
pub const FIELDS: [(&str, Type); 17] = [
    ("doc", Type::Str),
    ("start", Type::Int),
    ("end", Type::Int),
    ("text", Type::Str),
    ("kind", Type::Str),
    ("place_id", Type::Str),
    ("name", Type::Str),
    ("lat", Type::Float),
    ("lon", Type::Float),
    ("geometry_type", Type::Str),
    ("bbox", Type::FloatList),
    ("place_kind", Type::Str),
    ("country", Type::Str),
    ("score", Type::Float),
    ("reason", Type::Str),
    ("candidates", Type::StrList),
    ("context", Type::Str),
];

/// One column's buffers in Arrow's layout. Strings and lists use
/// `offsets` (`len + 1` of them, from 0) into `data` (string bytes) or
/// into `child` (list items); numbers keep their values in `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The Arrow type.
    pub ty: Type,
    /// Whether each row holds a value (false: null).
    pub valid: Vec<bool>,
    /// Offsets of strings and lists.
    pub offsets: Vec<i32>,
    /// String bytes or little-endian numbers.
    pub data: Vec<u8>,
    /// The items of a list column.
    pub child: Option<Box<Column>>,
}

fn overflow(name: &str) -> crate::Error {
    crate::Error::invalid(format!(
        "column {name}: more than 2 GiB in one batch; map fewer texts at a time"
    ))
}

impl Column {
    fn new(ty: Type) -> Column {
        let child = match ty {
            Type::FloatList => Some(Box::new(Column::new(Type::Float))),
            Type::StrList => Some(Box::new(Column::new(Type::Str))),
            _ => None,
        };
        let offsets = match ty {
            Type::Int | Type::Float => Vec::new(),
            _ => vec![0],
        };
        Column {
            ty,
            valid: Vec::new(),
            offsets,
            data: Vec::new(),
            child,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.valid.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.valid.is_empty()
    }

    /// The number of nulls.
    pub fn null_count(&self) -> usize {
        self.valid.iter().filter(|v| !**v).count()
    }

    /// The validity bitmap (bit i of byte i / 8, least significant
    /// first), or `None` when every row holds a value.
    pub fn bitmap(&self) -> Option<Vec<u8>> {
        if self.valid.iter().all(|v| *v) {
            return None;
        }
        let mut bits = vec![0u8; self.valid.len().div_ceil(8)];
        for (i, _) in self.valid.iter().enumerate().filter(|(_, v)| **v) {
            bits[i / 8] |= 1 << (i % 8);
        }
        Some(bits)
    }

    /// The offsets as little-endian bytes.
    pub fn offset_bytes(&self) -> Vec<u8> {
        self.offsets.iter().flat_map(|o| o.to_le_bytes()).collect()
    }

    /// Appends one value (`null` for a null row); a value of another type
    /// is an error naming the column.
    fn push(&mut self, name: &str, v: &Value) -> crate::Result<()> {
        let wrong = || {
            crate::Error::invalid(format!(
                "column {name}: expected {}, got {v}",
                self.ty.name()
            ))
        };
        self.valid.push(!v.is_null());
        match (self.ty, v) {
            (Type::Int | Type::Float, Value::Null) => self.data.extend([0; 8]),
            (Type::Int, Value::Number(n)) => {
                let n = n.as_i64().ok_or_else(wrong)?;
                self.data.extend(n.to_le_bytes());
            }
            (Type::Float, Value::Number(n)) => {
                let n = n.as_f64().ok_or_else(wrong)?;
                self.data.extend(n.to_le_bytes());
            }
            (_, Value::Null) => self.offsets.push(*self.offsets.last().unwrap_or(&0)),
            (Type::Str, Value::String(s)) => {
                self.data.extend(s.as_bytes());
                let end = i32::try_from(self.data.len()).map_err(|_| overflow(name))?;
                self.offsets.push(end);
            }
            (Type::FloatList | Type::StrList, Value::Array(items)) => {
                let child = self.child.as_mut().ok_or_else(wrong)?;
                for x in items {
                    child.push(name, x)?;
                }
                let end = i32::try_from(child.len()).map_err(|_| overflow(name))?;
                self.offsets.push(end);
            }
            _ => {
                self.valid.pop();
                return Err(wrong());
            }
        }
        Ok(())
    }
}

/// The mention columns of a batch, in the order of [`FIELDS`].
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// One column per field.
    pub columns: Vec<Column>,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            columns: FIELDS.iter().map(|(_, ty)| Column::new(*ty)).collect(),
        }
    }
}

impl Columns {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends one mention (a JSON object of `--format mentions`). A
    /// missing key, an unknown key or a value of the wrong type is an
    /// error: nothing is dropped silently.
    pub fn push(&mut self, mention: &Value) -> crate::Result<()> {
        let Value::Object(o) = mention else {
            return Err(crate::Error::invalid(format!(
                "a mention is a JSON object, got {mention}"
            )));
        };
        if let Some(k) = o.keys().find(|k| !FIELDS.iter().any(|(f, _)| f == k)) {
            return Err(crate::Error::invalid(format!(
                "mention key {k:?} has no column"
            )));
        }
        for ((name, _), col) in FIELDS.iter().zip(&mut self.columns) {
            let v = o.get(*name).ok_or_else(|| {
                crate::Error::invalid(format!("mention without the key {name:?}"))
            })?;
            col.push(name, v)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mention(place: bool) -> Value {
        let mut m = json!({
            "doc": "d1", "start": 13, "end": 18, "text": "Idlib", "kind": "toponym",
            "place_id": null, "name": null, "lat": null, "lon": null,
            "geometry_type": null, "bbox": null, "place_kind": null, "country": null,
            "score": 0.5, "reason": "why", "candidates": [], "context": "Shelling hit Idlib."
        });
        if place {
            m["place_id"] = json!("geonames:1");
            m["lat"] = json!(35.9);
            m["bbox"] = json!([1.0, 2.0, 3.0, 4.0]);
            m["candidates"] = json!(["geonames:1", "geonames:2"]);
        }
        m
    }

    #[test]
    fn layout() {
        let mut c = Columns::default();
        c.push(&mention(true)).unwrap();
        c.push(&mention(false)).unwrap();
        assert_eq!(c.len(), 2);
        let place_id = &c.columns[5];
        assert_eq!(place_id.offsets, vec![0, 10, 10]);
        assert_eq!(place_id.data, b"geonames:1");
        assert_eq!(place_id.bitmap(), Some(vec![0b01]));
        assert_eq!(place_id.null_count(), 1);
        let lat = &c.columns[7];
        assert_eq!(lat.data[..8], 35.9f64.to_le_bytes());
        assert_eq!(lat.data[8..], [0; 8]);
        let start = &c.columns[1];
        assert_eq!(start.bitmap(), None);
        assert_eq!(start.data[..8], 13i64.to_le_bytes());
        let bbox = &c.columns[10];
        assert_eq!(bbox.offsets, vec![0, 4, 4]);
        assert_eq!(bbox.child.as_ref().unwrap().len(), 4);
        let cands = &c.columns[15];
        assert_eq!(cands.offsets, vec![0, 2, 2]);
        assert_eq!(cands.bitmap(), None);
        assert_eq!(cands.child.as_ref().unwrap().offsets, vec![0, 10, 20]);
    }

    #[test]
    fn refuses_what_it_cannot_hold() {
        let mut c = Columns::default();
        let mut m = mention(false);
        m["start"] = json!("13");
        assert!(c.push(&m).unwrap_err().to_string().contains("start"));
        let mut m = mention(false);
        m["extra"] = json!(1);
        assert!(c.push(&m).unwrap_err().to_string().contains("extra"));
        let mut m = mention(false);
        m.as_object_mut().unwrap().remove("context");
        assert!(c.push(&m).unwrap_err().to_string().contains("context"));
    }
}
