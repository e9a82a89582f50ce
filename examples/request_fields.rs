//! Prints what is generated from the request table (`src/validate/fields.rs`):
//! - `js`: the package's `request-fields` module (`dist/request-fields.js`), for forms such as the demo's;
//! - `dts`: its TypeScript declarations;
//! - `dict`: the field names as libFuzzer dictionary entries, for the validator's fuzz target.
//!
//! `cargo run --example request_fields -- js|dts|dict`

// The table's documentation only exists in native builds.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use serde_json::{json, Value};
    use siliconflow_wasm::validate::fields::{Input, Rule, FIELDS};

    const HEADER: &str =
        "// Generated from the request table (src/validate/fields.rs) by examples/request_fields.rs: do not edit.";

    pub fn main() {
        match std::env::args().nth(1).as_deref() {
            Some("js") => {
                let fields: Vec<Value> = FIELDS.iter().map(describe).collect();
                println!("{HEADER}\n/** @type {{import(\"./request-fields\").RequestField[]}} */");
                println!("export const requestFields = {};", serde_json::to_string_pretty(&fields).unwrap());
            }
            Some("dts") => println!("{HEADER}\n{DTS}"),
            Some("dict") => {
                for field in FIELDS {
                    println!("\"\\\"{}\\\"\"", field.name);
                }
            }
            _ => {
                eprintln!("usage: request_fields js|dts|dict");
                std::process::exit(2);
            }
        }
    }

    /// A field as the module describes it.
    fn describe(field: &siliconflow_wasm::validate::fields::Field) -> Value {
        let doc = &field.doc;
        let (input, choices) = match doc.input {
            Input::None => ("none", Value::Null),
            Input::Number => ("number", Value::Null),
            Input::Toggle => ("toggle", Value::Null),
            Input::Lines => ("lines", Value::Null),
            Input::Text => ("text", Value::Null),
            Input::Choice(pairs) => {
                ("choice", json!(pairs.iter().map(|(v, label)| json!([v, label])).collect::<Vec<_>>()))
            }
        };
        let finite = |n: f64| if n.is_finite() { json!(n) } else { Value::Null };
        let range = match field.rule {
            Some(Rule::Number { hard, advised }) => {
                json!({
                    "min": finite(hard.0),
                    "max": finite(hard.1),
                    "integer": false,
                    "usual": [advised.0, advised.1]
                })
            }
            Some(Rule::Integer { min, max, .. }) => {
                let max = if max >= i64::from(i32::MAX) { Value::Null } else { json!(max) };
                json!({ "min": min, "max": max, "integer": true, "usual": Value::Null })
            }
            _ => Value::Null,
        };
        json!({
            "name": field.name,
            "required": field.required.is_some(),
            "ignored": field.rule.is_none(),
            "hint": doc.hint,
            "default": doc.default,
            "input": input,
            "choices": choices,
            "range": range,
            "advanced": doc.advanced,
            // Model-dependent: the catalog's column of the same name says which models honour it.
            "models": field.models.as_ref().map(|m| m.which),
        })
    }

    const DTS: &str = r#"/** A top-level request field, as a form would offer it. */
export interface RequestField {
  name: string;
  /** The request is invalid without it. */
  required: boolean;
  /** SiliconFlow accepts it and ignores it. */
  ignored: boolean;
  /** What it does, in a few words. */
  hint: string;
  /** The API's default, as a person would type it. */
  default: string | null;
  /** How a form takes it: "none" (not a form field), "number", "toggle" (true, false or the default), "choice",
   * "lines" (strings, one per line), "text". */
  input: "none" | "number" | "toggle" | "choice" | "lines" | "text";
  /** For "choice": [value, label] pairs. */
  choices: [string, string][] | null;
  /** For numbers: the accepted range (null: unbounded) and the usual one. */
  range: { min: number | null; max: number | null; integer: boolean; usual: [number, number] | null } | null;
  /** Rarely changed: a form may tuck it away. */
  advanced: boolean;
  /** Only some models honour it (named here); each catalog entry has a boolean column of the field's name. */
  models: string | null;
}
/** Every top-level field of a chat request, in the API reference's order. */
export declare const requestFields: RequestField[];"#;
}
