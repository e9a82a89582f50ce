//! JSON text kept as it came: members this library passes on without reading them.

use serde::{Deserialize, Serialize};

/// JSON text, written out as is by [`super::to_string`]. Only that writer knows it; any other serializer sees
/// a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw(pub String);

/// The newtype name that tells the writer a string is raw JSON.
pub(super) const RAW: &str = "$siliconflow_wasm::Raw";

impl Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(RAW, self.0.as_str())
    }
}

/// From any serde format, through the core's JSON value (for Rust callers and tests; the wasm never reads JSON
/// through serde).
impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::Value::deserialize(deserializer).map(|value| Raw(super::to_string(&value)))
    }
}
