//! Reading an options object through its table (`surface::options`): a key the table lacks is refused with the
//! closest known one, and each reader says what the option must be, in a TypeError that names it.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::http::check_header;
use crate::suggest::closest;
use crate::surface::options::OptionSet;

/// Reading an options object through its table (`surface::options`), with TypeErrors that name the option. An
/// unknown key is refused, with the closest known one.
pub struct Options {
    object: Option<Object>,
    set: &'static OptionSet,
    owner: &'static str,
}

impl Options {
    pub fn read(value: &JsValue, set: &'static OptionSet) -> Result<Options, JsValue> {
        let owner = set.owner;
        if value.is_undefined() || value.is_null() {
            return Ok(Options { object: None, set, owner });
        }
        let object = match value.dyn_ref::<Object>() {
            Some(object) if !value.is_function() => object.clone(),
            _ => return Err(js_sys::TypeError::new(&format!("{owner}: options must be an object")).into()),
        };
        for key in Object::keys(&object).iter().filter_map(|k| k.as_string()) {
            // `{ organization: process.env.X }` with X unset says nothing: only keys with a value are checked.
            let given = Reflect::get(&object, &JsValue::from_str(&key)).is_ok_and(|v| !v.is_undefined());
            if given && set.find(&key).is_none() {
                let names = set.names();
                let hint = match closest(&key, names.iter().copied()) {
                    Some(near) => format!("did you mean {near}?"),
                    None => format!("the options are {}", crate::text::join(&names, ", ")),
                };
                return Err(js_sys::TypeError::new(&format!("{owner}: unknown option {key} ({hint})")).into());
            }
        }
        Ok(Options { object: Some(object), set, owner })
    }

    pub fn get(&self, key: &str) -> Option<JsValue> {
        debug_assert!(self.set.find(key).is_some(), "{key} is not in the {} table", self.set.interface);
        let value = Reflect::get(self.object.as_ref()?, &key.into()).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    pub fn fail(&self, key: &str, expected: &str) -> JsValue {
        js_sys::TypeError::new(&format!("{}: {key} must be {expected}", self.owner)).into()
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, JsValue> {
        self.get(key).map(|v| v.as_string().ok_or_else(|| self.fail(key, "a string"))).transpose()
    }

    pub fn function(&self, key: &str) -> Result<Option<Function>, JsValue> {
        self.get(key).map(|v| v.dyn_into::<Function>().map_err(|_| self.fail(key, "a function"))).transpose()
    }

    pub fn count(&self, key: &str) -> Result<Option<u32>, JsValue> {
        self.get(key)
            .map(|v| match v.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 100.0 => Ok(n as u32),
                _ => Err(self.fail(key, "a whole number from 0 to 100")),
            })
            .transpose()
    }

    pub fn flag(&self, key: &str) -> Result<Option<bool>, JsValue> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| self.fail(key, "true or false"))).transpose()
    }

    /// Milliseconds; `Infinity` means none.
    pub fn duration(&self, key: &str) -> Result<Option<f64>, JsValue> {
        self.positive(key, "a number of milliseconds greater than 0")
    }

    /// A size in bytes.
    pub fn bytes(&self, key: &str) -> Result<Option<f64>, JsValue> {
        self.get(key)
            .map(|v| match v.as_f64() {
                Some(n) if n >= 1.0 && (n.fract() == 0.0 || n.is_infinite()) => Ok(n),
                _ => Err(self.fail(key, "a whole number of bytes, at least 1")),
            })
            .transpose()
    }

    fn positive(&self, key: &str, expected: &str) -> Result<Option<f64>, JsValue> {
        self.get(key)
            .map(|v| match v.as_f64() {
                Some(n) if n > 0.0 => Ok(n),
                _ => Err(self.fail(key, expected)),
            })
            .transpose()
    }

    pub fn signal(&self, key: &str) -> Result<Option<AbortSignal>, JsValue> {
        self.get(key).map(|v| v.dyn_into::<AbortSignal>().map_err(|_| self.fail(key, "an AbortSignal"))).transpose()
    }

    pub fn headers(&self, key: &str) -> Result<Vec<(String, String)>, JsValue> {
        let Some(value) = self.get(key) else { return Ok(Vec::new()) };
        let object = value.dyn_into::<Object>().map_err(|_| self.fail(key, "an object of header names to strings"))?;
        let mut headers = Vec::new();
        for entry in Object::entries(&object).iter() {
            let pair = js_sys::Array::from(&entry);
            let (name, value) = (pair.get(0).as_string(), pair.get(1));
            match (name, value.as_string()) {
                (Some(name), Some(value)) => {
                    check_header(&name, &value).map_err(|why| self.fail(key, &format!("valid headers: {why}")))?;
                    headers.push((name, value))
                }
                (Some(_), None) if value.is_undefined() || value.is_null() => {}
                _ => return Err(self.fail(key, "an object of header names to strings")),
            }
        }
        Ok(headers)
    }
}
