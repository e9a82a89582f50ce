//! Types shared by requests and responses.

use serde::{Deserialize, Serialize};

use crate::json::{to_string, Members, Raw, Value};

/// Fields a type does not know, kept as they came (flattened into the object on the wire), in order.
///
/// Serialized by [`crate::json::to_string`] (which writes the kept JSON as is); other serializers see the
/// JSON text of kept members as strings.
pub type Extra = Members<Kept>;

/// One unknown member's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    /// A string, decoded (streamed increments of it are concatenated).
    Text(String),
    /// An array's elements, each as JSON text (streamed increments extend it).
    List(Vec<Raw>),
    /// Any other value, as JSON text.
    Json(Raw),
}

impl Kept {
    pub fn is_null(&self) -> bool {
        matches!(self, Kept::Json(Raw(text)) if text == "null")
    }
}

impl Serialize for Kept {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Kept::Text(text) => serializer.serialize_str(text),
            Kept::List(items) => serializer.collect_seq(items),
            Kept::Json(raw) => raw.serialize(serializer),
        }
    }
}

/// Natively, from any serde format (through the core's JSON value): for Rust callers and tests.
impl<'de> Deserialize<'de> for Members<Kept> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Members::<Value>::deserialize(deserializer)?;
        let kept = |value: Value| match value {
            Value::String(text) => Kept::Text(text),
            Value::Array(items) => Kept::List(items.iter().map(|v| Raw(to_string(v))).collect()),
            other => Kept::Json(Raw(to_string(&other))),
        };
        Ok(map.into_iter().map(|(k, v)| (k, kept(v))).collect())
    }
}

/// In TypeScript, any other member, of any type: declared members keep their own types.
#[cfg(feature = "typescript")]
impl ts_rs::TS for Members<Kept> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "{ [key: string]: unknown }".into()
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
    fn inline_flattened(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ToolType {
    #[default]
    Function,
}

/// A call the model made (in a response) or makes again (in a request's assistant message).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ToolCall {
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: ToolType,
    pub function: FunctionCall,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FunctionCall {
    pub name: String,
    /// The arguments as the model wrote them: a JSON document in a string, possibly invalid.
    pub arguments: String,
    #[serde(flatten)]
    pub extra: Extra,
}
