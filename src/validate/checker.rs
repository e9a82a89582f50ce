//! The shared machinery of the rules: collecting issues, and reading values with type checks that report
//! rather than fail.

use crate::json::{Map, Value};

use crate::catalog::ModelInfo;
use crate::issue::{Issue, IssueCode, Severity};
use crate::number::Num;
use crate::path::Path;

/// The upper bound of counts with no documented maximum: what the wire types carry.
pub const UNBOUNDED: i64 = i32::MAX as i64;

pub struct Checker {
    pub issues: Vec<Issue>,
    /// The request's model, when it is in the catalog (capability warnings need it).
    pub model: Option<&'static ModelInfo>,
    /// Whether the model honours the field being checked (true unless the field's table row says otherwise).
    pub honoured: bool,
}

impl Checker {
    pub fn error(&mut self, path: &Path, code: IssueCode, message: impl Into<String>) {
        self.push(path, code, message.into(), Severity::Error);
    }

    pub fn warn(&mut self, path: &Path, code: IssueCode, message: impl Into<String>) {
        self.push(path, code, message.into(), Severity::Warning);
    }

    fn push(&mut self, path: &Path, code: IssueCode, message: String, severity: Severity) {
        self.issues.push(Issue { path: path.to_string(), code, message, severity });
    }

    pub fn wrong_type(&mut self, path: &Path, expected: &str, got: &Value) {
        let name = subject(path);
        self.error(path, IssueCode::InvalidType, format!("{name} must be {expected}, not {}.", got.type_name()));
    }

    /// A value of `map[key]` that is present and not null.
    pub fn field<'v>(map: &'v Map, key: &str) -> Option<&'v Value> {
        map.get(key).filter(|v| !v.is_null())
    }

    pub fn string<'v>(&mut self, path: &Path, value: &'v Value) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    /// A string that must be present and not empty.
    pub fn required_string<'v>(&mut self, path: &Path, value: Option<&'v Value>, what: &str) -> Option<&'v str> {
        match value {
            None => {
                self.error(path, IssueCode::Required, format!("{what} is required."));
                None
            }
            Some(v) => match self.string(path, v) {
                Some("") => {
                    self.error(path, IssueCode::Required, format!("{what} must not be empty."));
                    None
                }
                other => other,
            },
        }
    }

    pub fn bool(&mut self, path: &Path, value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(path, "true or false", other);
                None
            }
        }
    }

    pub fn number(&mut self, path: &Path, value: &Value) -> Option<f64> {
        match value.as_f64() {
            Some(n) => Some(n),
            None => {
                self.wrong_type(path, "a number", value);
                None
            }
        }
    }

    /// A whole number within `min..=max` (`max` may be `UNBOUNDED`); anything else is an error naming the range.
    pub fn integer_in(&mut self, path: &Path, value: &Value, min: i64, max: i64, unit: &str) -> Option<i64> {
        let n = self.number(path, value)?;
        let name = subject(path);
        if n.fract() != 0.0 {
            self.error(
                path,
                IssueCode::NotInteger,
                format!("{name} must be a whole number of {unit}, not {}.", Num(n)),
            );
            return None;
        }
        if n < min as f64 || n > max as f64 {
            let range = if max != UNBOUNDED {
                format!("between {min} and {max} {unit}")
            } else if n < min as f64 {
                format!("at least {min}")
            } else {
                format!("at most {max}")
            };
            self.error(path, IssueCode::OutOfRange, format!("{name} must be {range}; got {}.", Num(n)));
            return None;
        }
        Some(n as i64)
    }

    /// A number that is an error outside `hard` (then `None`) and a warning outside `advised`.
    pub fn number_in(&mut self, path: &Path, value: &Value, hard: (f64, f64), advised: (f64, f64)) -> Option<f64> {
        let n = self.number(path, value)?;
        let name = subject(path);
        if n < hard.0 || n > hard.1 {
            let range = match (hard.0.is_finite(), hard.1.is_finite()) {
                (true, true) => format!("between {} and {}", Num(hard.0), Num(hard.1)),
                (true, false) => format!("at least {}", Num(hard.0)),
                _ => format!("at most {}", Num(hard.1)),
            };
            self.error(path, IssueCode::OutOfRange, format!("{name} must be {range}; got {}.", Num(n)));
            return None;
        }
        if n < advised.0 || n > advised.1 {
            let advice = format!("{name} is usually between {} and {}", Num(advised.0), Num(advised.1));
            self.warn(
                path,
                IssueCode::OutOfRange,
                format!("{advice}; {} may be rejected or give poor output.", Num(n)),
            );
        }
        Some(n)
    }

    pub fn object<'v>(&mut self, path: &Path, value: &'v Value) -> Option<&'v Map> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.wrong_type(path, "an object", other);
                None
            }
        }
    }

    pub fn array<'v>(&mut self, path: &Path, value: &'v Value) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                self.wrong_type(path, "an array", other);
                None
            }
        }
    }

    /// Warns about keys of `map` that are not in `known`, suggesting the closest known one.
    pub fn unknown_keys(&mut self, path: &Path, map: &Map, known: &[&str]) {
        for key in map.keys().filter(|k| !known.contains(k)) {
            let hint = match crate::suggest::closest(key, known.iter().copied()) {
                Some(s) => format!(" Did you mean \"{s}\"?"),
                None => String::new(),
            };
            self.warn(
                &path.key(key),
                IssueCode::UnknownField,
                format!("\"{key}\" is not a field the API knows; it will be sent as is.{hint}"),
            );
        }
    }
}

/// What a message talks about: the field's path ("max_tokens must be ..."), or "the request" at the root.
pub fn subject(path: &Path) -> String {
    let full = path.to_string();
    if full.is_empty() {
        "the request".into()
    } else {
        full
    }
}
