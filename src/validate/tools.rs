//! tools and tool_choice.

use crate::json::{Map, Value};

use super::checker::Checker;
use crate::issue::IssueCode;
use crate::path::Path;

const MAX_TOOLS: usize = 128;
const MAX_NAME: usize = 64;

/// `tools`: the function definitions, their names unique.
pub fn check_tools(c: &mut Checker, tools_path: &Path, value: &Value, _req: &Map) -> bool {
    let Some(tools) = c.array(tools_path, value) else { return false };
    if tools.len() > MAX_TOOLS {
        c.error(
            tools_path,
            IssueCode::TooMany,
            format!("tools allows at most {MAX_TOOLS} functions; got {}.", tools.len()),
        );
    }
    if tools.is_empty() {
        c.warn(tools_path, IssueCode::Empty, "tools is an empty array; remove it or add a function.");
    }
    // In order, for messages and lookups (a request has at most MAX_TOOLS tools: a list is enough, and smaller
    // in the wasm than a hash set).
    let mut names: Vec<&str> = Vec::new();
    for (i, tool) in tools.iter().enumerate() {
        let path = tools_path.index(i);
        if let Some(name) = tool_definition(c, &path, tool) {
            // Beyond MAX_TOOLS the request is refused anyway: no quadratic search through a huge list.
            if i < MAX_TOOLS && names.contains(&name) {
                c.warn(
                    &path.key("function").key("name"),
                    IssueCode::DuplicateName,
                    format!("another tool is already named \"{name}\"; the model cannot tell them apart."),
                );
            }
            names.push(name);
        }
    }
    if !tools.is_empty() {
        if let Some(model) = c.model.filter(|m| !m.tools) {
            let message = format!("{} does not support function calling; tools will be ignored or rejected.", model.id);
            c.warn(tools_path, IssueCode::ToolsUnsupported, message);
        }
    }
    true
}

/// `tool_choice`: a mode, or a function that must be one of the tools.
pub fn check_choice(c: &mut Checker, path: &Path, value: &Value, req: &Map) -> bool {
    let names = tool_names(req);
    tool_choice(c, path, value, names.as_deref());
    true
}

/// The names the tools give their functions (as `check_tools` reads them); `None` when `tools` is not an array.
fn tool_names(req: &Map) -> Option<Vec<&str>> {
    fn name(tool: &Value) -> Option<&str> {
        let function = Checker::field(tool.as_object()?, "function")?.as_object()?;
        Checker::field(function, "name")?.as_str().filter(|n| !n.is_empty())
    }
    Some(Checker::field(req, "tools")?.as_array()?.iter().filter_map(name).collect())
}

/// Checks one entry of tools; returns its function name when it has one (valid or not: tool_choice may name it).
fn tool_definition<'v>(c: &mut Checker, path: &Path, tool: &'v Value) -> Option<&'v str> {
    let map = c.object(path, tool)?;
    c.unknown_keys(path, map, &["type", "function"]);
    let type_path = path.key("type");
    match Checker::field(map, "type") {
        None => c.error(&type_path, IssueCode::Required, "type is required: \"function\"."),
        Some(v) => match c.string(&type_path, v) {
            Some("function") | None => {}
            Some(other) => {
                c.error(&type_path, IssueCode::InvalidValue, format!("type must be \"function\", not \"{other}\"."))
            }
        },
    }
    let fn_path = path.key("function");
    let Some(function) = Checker::field(map, "function") else {
        c.error(&fn_path, IssueCode::Required, "function is required: {name, description, parameters}.");
        return None;
    };
    let function = c.object(&fn_path, function)?;
    c.unknown_keys(&fn_path, function, &["name", "description", "parameters", "strict"]);
    if let Some(v) = Checker::field(function, "description") {
        c.string(&fn_path.key("description"), v);
    }
    if let Some(v) = Checker::field(function, "parameters") {
        let p = fn_path.key("parameters");
        if let Some(schema) = c.object(&p, v) {
            match schema.get("type") {
                Some(Value::String(t)) if t == "object" => {}
                _ => c.warn(
                    &p.key("type"),
                    IssueCode::InvalidValue,
                    "parameters should be a JSON Schema with \"type\": \"object\".",
                ),
            }
            // The tool runner checks the model's arguments against it.
            crate::schema::check_schema(&p, v, &mut c.issues);
        }
    }
    if let Some(v) = Checker::field(function, "strict") {
        c.bool(&fn_path.key("strict"), v);
    }
    let name_path = fn_path.key("name");
    let name = c.required_string(&name_path, Checker::field(function, "name"), "function.name")?;
    check_name(c, &name_path, name);
    Some(name)
}

/// `a-z A-Z 0-9 _ -`, 1 to 64 characters: the rule for tool and schema names.
pub fn check_name(c: &mut Checker, path: &Path, name: &str) {
    if let Some(bad) = name.chars().find(|ch| !(ch.is_ascii_alphanumeric() || *ch == '_' || *ch == '-')) {
        let bad = crate::text::quote_char(bad);
        let message = format!("\"{name}\" contains {bad}; names may only use letters a-z and A-Z, digits, _ and -.");
        c.error(path, IssueCode::InvalidName, message);
        return;
    }
    if name.len() > MAX_NAME {
        let message = format!("names are at most {MAX_NAME} characters; \"{name}\" has {}.", name.len());
        c.error(path, IssueCode::InvalidName, message);
    }
}

/// `names` (in order) is `None` when the request has no tools.
fn tool_choice(c: &mut Checker, path: &Path, choice: &Value, names: Option<&[&str]>) {
    match choice {
        Value::String(mode) => match mode.as_str() {
            "auto" | "none" => {}
            "required" => {
                let message = "SiliconFlow has rejected tool_choice \"required\" (error 20015); name a function \
                               instead: {\"type\": \"function\", \"function\": {\"name\": ...}}.";
                c.warn(path, IssueCode::InvalidValue, message)
            }
            other => {
                let message = format!(
                    "tool_choice must be \"auto\", \"none\" or {{\"type\": \"function\", \"function\": \
                     {{\"name\": ...}}}}, not \"{other}\"."
                );
                c.error(path, IssueCode::InvalidValue, message)
            }
        },
        Value::Object(map) => {
            c.unknown_keys(path, map, &["type", "function"]);
            if let Some(Value::String(t)) = map.get("type") {
                if t != "function" {
                    let message = format!("tool_choice.type must be \"function\", not \"{t}\".");
                    c.error(&path.key("type"), IssueCode::InvalidValue, message);
                }
            }
            let fn_path = path.key("function");
            let function = match Checker::field(map, "function") {
                None => {
                    c.error(&fn_path, IssueCode::Required, "tool_choice.function is required: {\"name\": ...}.");
                    return;
                }
                Some(v) => match c.object(&fn_path, v) {
                    Some(f) => f,
                    None => return,
                },
            };
            let name_path = fn_path.key("name");
            let name = Checker::field(function, "name");
            if let Some(name) = c.required_string(&name_path, name, "tool_choice.function.name") {
                if let Some(names) = names {
                    if !names.contains(&name) {
                        let tools = crate::text::join(names, ", ");
                        let message = format!("tool_choice names \"{name}\", which is not one of the tools ({tools}).");
                        c.error(&name_path, IssueCode::UnknownTool, message);
                    }
                }
            }
        }
        other => c.wrong_type(path, "\"auto\", \"none\" or an object naming a function", other),
    }
    if names.is_none() && choice.as_str() != Some("none") {
        c.warn(path, IssueCode::UnknownTool, "tool_choice is set but the request has no tools.");
    }
}
