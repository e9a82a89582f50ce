//! JSON text from serde types: what the binding layer hands to `JSON.parse` (completions, issues, the catalog, the
//! proxy's replies) and the request bodies it sends. It writes what those types hold — strings, numbers, booleans,
//! options, sequences, maps, structs and unit enum variants — plus [`super::Raw`] JSON passed through as it came.
//! Numbers are written as `JSON.stringify` writes them.

use serde::ser::{self, Serialize};

use super::raw::RAW;
use crate::number::{push_i64, push_u64};

/// `value` as JSON text. Values this writer cannot hold (tuple or struct enum variants, map keys that are not
/// strings) come out as `null`; none of this library's types has them.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    if value.serialize(&mut Writer { out: &mut out }).is_err() {
        out.clear();
        out.push_str("null");
    }
    out
}

/// `text` as a JSON string literal, appended to `out`.
pub fn push_str_literal(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        // Runs of plain text are found eight bytes at a time and copied whole.
        let i = super::escape::skip_plain(bytes, start);
        let Some(&b) = bytes.get(i) else { break };
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            _ => "",
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// The only error: a value JSON text cannot hold here.
#[derive(Debug)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value JSON text cannot hold")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

struct Writer<'a> {
    out: &'a mut String,
}

/// A sequence, map or struct being written: whether a comma is due.
pub struct Compound<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    close: char,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(',');
        }
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        push_i64(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        push_u64(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result {
        // As JSON.stringify: non-finite numbers are null.
        if v.is_finite() {
            crate::number::push_number(self.out, v);
        } else {
            self.out.push_str("null");
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        push_str_literal(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result {
        if name == RAW {
            return value.serialize(RawText { out: self.out });
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.out.push('{');
        push_str_literal(self.out, variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        self.out.push('[');
        Ok(Compound { writer: self, first: true, close: ']' })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        self.out.push('{');
        Ok(Compound { writer: self, first: true, close: '}' })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.writer.out.push(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        key.serialize(KeyText { out: self.writer.out })?;
        self.writer.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.writer.out.push(self.close);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.comma();
        push_str_literal(self.writer.out, key);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

/// Takes one string and writes it: as a map key (quoted), or as raw JSON.
macro_rules! string_only_serializer {
    ($name:ident, $write:expr) => {
        struct $name<'a> {
            out: &'a mut String,
        }

        impl ser::Serializer for $name<'_> {
            type Ok = ();
            type Error = Unsupported;
            type SerializeSeq = ser::Impossible<(), Unsupported>;
            type SerializeTuple = ser::Impossible<(), Unsupported>;
            type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
            type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
            type SerializeMap = ser::Impossible<(), Unsupported>;
            type SerializeStruct = ser::Impossible<(), Unsupported>;
            type SerializeStructVariant = ser::Impossible<(), Unsupported>;

            fn serialize_str(self, v: &str) -> Result {
                let write: fn(&mut String, &str) = $write;
                write(self.out, v);
                Ok(())
            }
            fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
                self.serialize_str(variant)
            }
            fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
                value.serialize(self)
            }
            fn serialize_bool(self, _: bool) -> Result {
                Err(Unsupported)
            }
            fn serialize_i8(self, _: i8) -> Result {
                Err(Unsupported)
            }
            fn serialize_i16(self, _: i16) -> Result {
                Err(Unsupported)
            }
            fn serialize_i32(self, _: i32) -> Result {
                Err(Unsupported)
            }
            fn serialize_i64(self, _: i64) -> Result {
                Err(Unsupported)
            }
            fn serialize_u8(self, _: u8) -> Result {
                Err(Unsupported)
            }
            fn serialize_u16(self, _: u16) -> Result {
                Err(Unsupported)
            }
            fn serialize_u32(self, _: u32) -> Result {
                Err(Unsupported)
            }
            fn serialize_u64(self, _: u64) -> Result {
                Err(Unsupported)
            }
            fn serialize_f32(self, _: f32) -> Result {
                Err(Unsupported)
            }
            fn serialize_f64(self, _: f64) -> Result {
                Err(Unsupported)
            }
            fn serialize_char(self, _: char) -> Result {
                Err(Unsupported)
            }
            fn serialize_bytes(self, _: &[u8]) -> Result {
                Err(Unsupported)
            }
            fn serialize_none(self) -> Result {
                Err(Unsupported)
            }
            fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
                Err(Unsupported)
            }
            fn serialize_unit(self) -> Result {
                Err(Unsupported)
            }
            fn serialize_unit_struct(self, _: &'static str) -> Result {
                Err(Unsupported)
            }
            fn serialize_newtype_variant<T: Serialize + ?Sized>(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: &T,
            ) -> Result {
                Err(Unsupported)
            }
            fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
                Err(Unsupported)
            }
            fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
                Err(Unsupported)
            }
            fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
                Err(Unsupported)
            }
            fn serialize_tuple_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: usize,
            ) -> Result<Self::SerializeTupleVariant> {
                Err(Unsupported)
            }
            fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
                Err(Unsupported)
            }
            fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
                Err(Unsupported)
            }
            fn serialize_struct_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: usize,
            ) -> Result<Self::SerializeStructVariant> {
                Err(Unsupported)
            }
        }
    };
}

string_only_serializer!(KeyText, push_str_literal);
string_only_serializer!(RawText, |out, raw| out.push_str(raw));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Raw;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        OutOfRange,
    }

    #[derive(Serialize)]
    struct Sample {
        text: &'static str,
        count: u64,
        minus: i32,
        none: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        list: Vec<bool>,
        kind: Kind,
        raw: Raw,
        #[serde(flatten)]
        rest: BTreeMap<String, Raw>,
    }

    #[test]
    fn writes_what_serde_json_writes_and_raw_json_as_is() {
        let sample = Sample {
            text: "quote \" backslash \\ newline \n tab \t bell \u{7} 你好 😀",
            count: u64::MAX,
            minus: -42,
            none: None,
            skipped: None,
            list: vec![true, false],
            kind: Kind::OutOfRange,
            raw: Raw("{\"a\": [1, 2.5e3]}".into()),
            rest: BTreeMap::from([("z".to_string(), Raw("null".into()))]),
        };
        let text = to_string(&sample);
        let expected = concat!(
            r#"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 你好 😀","count":18446744073709551615,"#,
            r#""minus":-42,"none":null,"list":[true,false],"kind":"out_of_range","raw":{"a": [1, 2.5e3]},"z":null}"#
        );
        assert_eq!(text, expected);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["text"], sample.text);
    }

    #[test]
    fn integers_and_floats() {
        for n in [0u64, 7, 10, 99, 1234567890] {
            assert_eq!(to_string(&n), n.to_string());
        }
        assert_eq!(to_string(&i64::MIN), i64::MIN.to_string());
        assert_eq!(to_string(&0.5f64), "0.5");
        assert_eq!(to_string(&4096.0f64), "4096");
        assert_eq!(to_string(&1e21f64), "1e+21");
        assert_eq!(to_string(&f64::NAN), "null");
    }
}
