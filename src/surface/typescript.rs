//! The TypeScript declarations of the option and error tables (appended to the generated wire types).

use super::errors::{self, Field};
use super::options::{self, OptionSet};

/// `export interface …` for every options object, error and the SSE event, and the `SiliconFlowError` union.
pub fn declarations() -> String {
    let mut out = String::new();
    for set in options::ALL {
        out.push_str(&options_interface(set));
    }
    out.push_str(&interface("SseEvent", None, "An event of SseParser.", errors::SSE_EVENT, None));
    out.push_str(&interface("ErrorBase", Some("Error"), "What every error of this package has.", errors::COMMON, None));
    for shape in errors::ALL {
        out.push_str(&interface(shape.name, Some("ErrorBase"), shape.doc, shape.fields, Some(shape.name)));
    }
    let names: Vec<&str> = errors::ALL.iter().map(|s| s.name).collect();
    out.push_str(&format!(
        "/** Every rejection of this package: narrow on `name`. */\nexport type SiliconFlowError = {};\n",
        names.join(" | ")
    ));
    out
}

fn options_interface(set: &OptionSet) -> String {
    let mut out = format!("export interface {}", set.interface);
    if let Some(base) = set.base {
        out.push_str(&format!(" extends {}", base.interface));
    }
    out.push_str(" {\n");
    for name in set.required {
        if set.options.iter().all(|o| o.name != *name) {
            // Required here, optional in the base: re-declared.
            if let Some(o) = set.find(name) {
                out.push_str(&format!("  /** {} */\n  {}: {};\n", o.doc, o.name, o.kind.ts()));
            }
        }
    }
    for o in set.options {
        let mark = if set.required.contains(&o.name) { "" } else { "?" };
        out.push_str(&format!("  /** {} */\n  {}{mark}: {};\n", o.doc, o.name, o.kind.ts()));
    }
    out.push_str("}\n\n");
    out
}

fn interface(name: &str, extends: Option<&str>, doc: &str, fields: &[Field], literal: Option<&str>) -> String {
    let mut out = format!("/** {doc} */\nexport interface {name}");
    if let Some(base) = extends {
        out.push_str(&format!(" extends {base}"));
    }
    out.push_str(" {\n");
    if let Some(literal) = literal {
        out.push_str(&format!("  name: \"{literal}\";\n"));
    }
    for f in fields {
        let mark = if f.optional { "?" } else { "" };
        out.push_str(&format!("  /** {} */\n  {}{mark}: {};\n", f.doc, f.name, f.ts));
    }
    out.push_str("}\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_options_object_error_and_the_union_are_declared() {
        let ts = declarations();
        for name in ["ClientOptions", "RequestOptions", "ProxyOptions extends ClientOptions", "SseParserOptions"] {
            assert!(ts.contains(&format!("export interface {name} {{")), "{name} in\n{ts}");
        }
        assert!(ts.contains("  apiKey: string;\n"), "apiKey is required in ProxyOptions:\n{ts}");
        assert!(ts.contains("export interface APIError extends ErrorBase {\n  name: \"APIError\";"));
        assert!(ts.contains(concat!(
            "export type SiliconFlowError = ValidationError | APIError | ConnectionError | TimeoutError | ",
            "AbortError | StreamError | OutputValidationError | ToolRunError;"
        )));
        for name in ["ParseOptions extends RequestOptions", "RunToolsOptions extends RequestOptions"] {
            assert!(ts.contains(&format!("export interface {name} {{")), "{name} in\n{ts}");
        }
    }
}
