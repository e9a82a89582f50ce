//! The best-effort value of an unfinished JSON text, kept up to date as the text arrives (a tool call's arguments,
//! an answer in JSON mode). Each byte is read once: the cost is linear in the whole text, however it is cut.
//!
//! The parser does not build the value itself: it says how the value grows, as operations a builder applies (in
//! JavaScript, where the value is wanted). Strings appear as they arrive, their escapes complete; containers appear
//! when they open; numbers and `true`/`false`/`null` only once they are whole; an object's key with its value's
//! start. So every value built from a prefix of the text is extended, never contradicted, by the next one.
//!
//! The operations are written as the elements of a JSON array, read in one `JSON.parse`:
//! `0` opens an object, `1` an array, `2` closes the innermost one; `3,"key"` names the next member; `4,"text"`
//! starts a string, `5,"text"` appends to it (any other operation ends it); `6,value` is a whole number or literal.
//! String texts are passed on as they are written in the JSON (escapes included), for `JSON.parse` to decode
//! exactly as it would the whole.
//!
//! A Markdown code fence around the value (```` ```json ````, as some models write even in JSON mode) is skipped.

use super::escape::skip_plain;
use super::scan::{JsonError, Scanner, MAX_DEPTH};

/// Operation codes (see the module's documentation).
pub const OPEN_OBJECT: u8 = 0;
pub const OPEN_ARRAY: u8 = 1;
pub const CLOSE: u8 = 2;
pub const KEY: u8 = 3;
pub const STRING: u8 = 4;
pub const APPEND: u8 = 5;
pub const SCALAR: u8 = 6;

#[derive(Debug, Default)]
pub struct PartialJson {
    /// The open containers, innermost last: `true` for objects.
    stack: Vec<bool>,
    expect: Expect,
    token: Token,
    /// The text of the token in progress: a key, a number, or the held end of a string value (an open escape).
    buf: String,
    /// A key read, waiting for its value to start.
    key: Option<String>,
    /// Bytes read so far (error offsets count from the text's start).
    read: usize,
    error: Option<JsonError>,
}

/// What may come next, outside a token.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The root value, maybe after a code fence.
    #[default]
    Root,
    /// The rest of a code fence's first line.
    FenceLine,
    /// A value (after `:`, or after `,` in an array).
    Value,
    /// A value or `]` (after `[`).
    ValueOrEnd,
    /// A key or `}` (after `{`).
    KeyOrEnd,
    /// A key (after `,` in an object).
    Key,
    Colon,
    /// `,` or the end of the container (after a value).
    Comma,
    /// The root value is whole: only whitespace, or a closing code fence.
    Done,
    /// After the closing code fence: the rest is ignored.
    Trailer,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Token {
    #[default]
    None,
    /// A string: an object's key, or a value that has (`started`) or has not yet been announced. `pair`: the
    /// last escape was a high surrogate, held back until it is known whether a low one follows (a string is
    /// never shown with half a character).
    Str {
        key: bool,
        started: bool,
        escape: Escape,
        pair: bool,
    },
    Number,
    /// `true`, `false` or `null`, this many bytes of it read.
    Literal {
        word: &'static [u8],
        read: u8,
    },
    /// The backticks of a code fence, this many read.
    Fence {
        read: u8,
    },
}

/// An escape in progress inside a string.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Escape {
    #[default]
    None,
    /// Right after the backslash.
    Backslash,
    /// `\u`, this many hex digits, and their value so far.
    Unicode(u8, u16),
}

impl PartialJson {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value is whole (a finished number at the very end needs `finish` to tell).
    pub fn is_complete(&self) -> bool {
        matches!(self.expect, Expect::Done | Expect::Trailer) && self.error.is_none()
    }

    /// Why the text is not JSON, once it is known not to be.
    pub fn error(&self) -> Option<&JsonError> {
        self.error.as_ref()
    }

    /// Reads the next piece of text, appending the operations it implies to `ops` (elements of a JSON array,
    /// comma-separated). After an error nothing more is read.
    pub fn push(&mut self, text: &str, ops: &mut String) {
        if self.error.is_some() {
            return;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        // Where the string text not yet passed on starts, while in a string.
        let mut run = 0;
        while i < bytes.len() {
            if let Token::Str { key, started, escape, pair } = self.token {
                if escape == Escape::None {
                    let end = skip_plain(bytes, i);
                    if end > i {
                        // Plain text after a high surrogate: it had no low one.
                        self.token = Token::Str { key, started, escape, pair: false };
                        i = end;
                        continue;
                    }
                }
                let escape = match (escape, bytes[i]) {
                    (Escape::None, b'"') => {
                        self.end_string(key, started, &text[run..i], ops);
                        i += 1;
                        continue;
                    }
                    (Escape::None, b'\\') => Escape::Backslash,
                    (Escape::None, _) => return self.fail(i, "a control character in a string"),
                    (Escape::Backslash, b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Escape::None,
                    (Escape::Backslash, b'u') => Escape::Unicode(0, 0),
                    (Escape::Backslash, _) => return self.fail(i, "an invalid escape in a string"),
                    (Escape::Unicode(n, unit), b) if b.is_ascii_hexdigit() => {
                        let unit = unit * 16 + char::from(b).to_digit(16).unwrap_or(0) as u16;
                        if n < 3 {
                            Escape::Unicode(n + 1, unit)
                        } else {
                            // A high surrogate waits for its low one; anything else completes the pair, or shows
                            // a lone surrogate the text really has.
                            let pair = (0xD800..0xDC00).contains(&unit);
                            self.token = Token::Str { key, started, escape: Escape::None, pair };
                            i += 1;
                            continue;
                        }
                    }
                    (Escape::Unicode(..), _) => return self.fail(i, "a \\u escape without four hex digits"),
                };
                // An escape other than \u after a high surrogate: it had no low one.
                let pair = pair && matches!(escape, Escape::Backslash | Escape::Unicode(..));
                self.token = Token::Str { key, started, escape, pair };
                i += 1;
                continue;
            }
            let b = bytes[i];
            match self.token {
                Token::Number => {
                    if matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                        self.buf.push(char::from(b));
                        i += 1;
                        continue;
                    }
                    if let Err(what) = self.end_number(ops) {
                        return self.fail(i, what);
                    }
                }
                Token::Literal { word, read } => {
                    if word.get(usize::from(read)) != Some(&b) {
                        return self.fail(i, "an invalid literal");
                    }
                    if usize::from(read) + 1 == word.len() {
                        self.token = Token::None;
                        let literal = std::str::from_utf8(word).unwrap_or("null");
                        self.scalar(literal, ops);
                    } else {
                        self.token = Token::Literal { word, read: read + 1 };
                    }
                    i += 1;
                    continue;
                }
                Token::Fence { read } => {
                    if b == b'`' && read < 3 {
                        self.token = Token::Fence { read: read + 1 };
                        i += 1;
                        continue;
                    }
                    if read < 3 {
                        return self.fail(i, "expected a JSON value");
                    }
                    self.token = Token::None;
                    // An opening fence's line ends with the language name; after a closing fence, nothing counts.
                    self.expect = if self.expect == Expect::Root { Expect::FenceLine } else { Expect::Trailer };
                }
                Token::None | Token::Str { .. } => {}
            }
            if let Err(what) = self.outside(b, ops) {
                return self.fail(i, what);
            }
            if let Token::Str { .. } = self.token {
                run = i + 1;
            }
            i += 1;
        }
        // The string text of this piece, passed on now.
        if let Token::Str { key, started, escape, pair } = self.token {
            self.pass_on(key, started, escape, pair, &text[run..], ops);
        }
        self.read += bytes.len();
    }

    /// The text is complete: a number at its very end is whole now. An error when the text was not one JSON value.
    pub fn finish(&mut self, ops: &mut String) -> Result<(), JsonError> {
        if self.error.is_none() && self.token == Token::Number {
            if let Err(what) = self.end_number(ops) {
                self.fail(0, what);
            }
        }
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        match (self.expect, self.token) {
            (Expect::Done | Expect::Trailer, Token::None | Token::Fence { .. }) => Ok(()),
            (Expect::Root | Expect::FenceLine, Token::None) => {
                Err(JsonError { at: self.read, what: "expected a JSON value, found nothing" })
            }
            _ => Err(JsonError { at: self.read, what: "the JSON text ends before its value is complete" }),
        }
    }

    fn fail(&mut self, i: usize, what: &'static str) {
        self.error = Some(JsonError { at: self.read + i, what });
        self.token = Token::None;
    }

    /// A byte outside any token: whitespace, punctuation, or the first byte of a token.
    fn outside(&mut self, b: u8, ops: &mut String) -> Result<(), &'static str> {
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            if b == b'\n' && self.expect == Expect::FenceLine {
                self.expect = Expect::Root;
            }
            return Ok(());
        }
        match self.expect {
            Expect::FenceLine | Expect::Trailer => Ok(()),
            Expect::Root | Expect::Done if b == b'`' => {
                self.token = Token::Fence { read: 1 };
                Ok(())
            }
            Expect::Done => Err("unexpected text after the value"),
            Expect::Root | Expect::Value => self.value(b, ops),
            Expect::ValueOrEnd if b == b']' => self.close(ops),
            Expect::ValueOrEnd => self.value(b, ops),
            Expect::KeyOrEnd if b == b'}' => self.close(ops),
            Expect::KeyOrEnd | Expect::Key if b == b'"' => {
                self.token = Token::Str { key: true, started: false, escape: Escape::None, pair: false };
                self.buf.clear();
                Ok(())
            }
            Expect::KeyOrEnd | Expect::Key => Err("expected a key in double quotes"),
            Expect::Colon if b == b':' => {
                self.expect = Expect::Value;
                Ok(())
            }
            Expect::Colon => Err("expected : after a key"),
            Expect::Comma => match (b, self.stack.last()) {
                (b',', Some(true)) => {
                    self.expect = Expect::Key;
                    Ok(())
                }
                (b',', Some(false)) => {
                    self.expect = Expect::Value;
                    Ok(())
                }
                (b'}', Some(true)) | (b']', Some(false)) => self.close(ops),
                _ => Err("expected , or the end of the object or array"),
            },
        }
    }

    /// The first byte of a value.
    fn value(&mut self, b: u8, ops: &mut String) -> Result<(), &'static str> {
        match b {
            b'{' | b'[' => {
                if self.stack.len() >= MAX_DEPTH as usize {
                    return Err("nested too deep");
                }
                let object = b == b'{';
                self.announce(ops);
                op(ops, if object { OPEN_OBJECT } else { OPEN_ARRAY });
                self.stack.push(object);
                self.expect = if object { Expect::KeyOrEnd } else { Expect::ValueOrEnd };
            }
            b'"' => {
                self.token = Token::Str { key: false, started: false, escape: Escape::None, pair: false };
                self.buf.clear();
            }
            b'-' | b'0'..=b'9' => {
                self.token = Token::Number;
                self.buf.clear();
                self.buf.push(char::from(b));
            }
            b't' => self.token = Token::Literal { word: b"true", read: 1 },
            b'f' => self.token = Token::Literal { word: b"false", read: 1 },
            b'n' => self.token = Token::Literal { word: b"null", read: 1 },
            _ => return Err("expected a JSON value"),
        }
        Ok(())
    }

    fn close(&mut self, ops: &mut String) -> Result<(), &'static str> {
        self.stack.pop();
        op(ops, CLOSE);
        self.after_value();
        Ok(())
    }

    fn after_value(&mut self) {
        self.expect = if self.stack.is_empty() { Expect::Done } else { Expect::Comma };
    }

    /// The key of the member whose value starts now, when in an object.
    fn announce(&mut self, ops: &mut String) {
        if let Some(key) = self.key.take() {
            op(ops, KEY);
            ops.push_str(",\"");
            ops.push_str(&key);
            ops.push('"');
        }
    }

    fn scalar(&mut self, raw: &str, ops: &mut String) {
        self.announce(ops);
        op(ops, SCALAR);
        ops.push(',');
        ops.push_str(raw);
        self.after_value();
    }

    fn end_number(&mut self, ops: &mut String) -> Result<(), &'static str> {
        self.token = Token::None;
        let text = std::mem::take(&mut self.buf);
        let mut scanner = Scanner::new(&text);
        match scanner.number() {
            Ok(number) if number.len() == text.len() => {
                self.scalar(&text, ops);
                // Its room, kept for the next token.
                self.buf = text;
                self.buf.clear();
                Ok(())
            }
            _ => Err("an invalid number"),
        }
    }

    /// String text read in this piece: a key's is kept until the key ends; a value's is passed on, starting the
    /// string when it is new. An open escape, and a high surrogate waiting for its low one, stay out until they
    /// are whole.
    fn pass_on(&mut self, key: bool, started: bool, escape: Escape, pair: bool, text: &str, ops: &mut String) {
        if key {
            self.buf.push_str(text);
            return;
        }
        let held = 6 * usize::from(pair)
            + match escape {
                Escape::None => 0,
                Escape::Backslash => 1,
                Escape::Unicode(n, _) => 2 + usize::from(n),
            };
        // The held bytes end the text so far (they may have begun in an earlier piece, kept in `buf`).
        let mut text_so_far = std::mem::take(&mut self.buf);
        text_so_far.push_str(text);
        let cut = text_so_far.len() - held;
        let ready = &text_so_far[..cut];
        if !started || !ready.is_empty() {
            if started {
                op(ops, APPEND);
            } else {
                self.announce(ops);
                op(ops, STRING);
            }
            ops.push_str(",\"");
            ops.push_str(ready);
            ops.push('"');
        }
        self.buf.push_str(&text_so_far[cut..]);
        self.token = Token::Str { key, started: true, escape, pair };
    }

    fn end_string(&mut self, key: bool, started: bool, text: &str, ops: &mut String) {
        if key {
            self.buf.push_str(text);
            self.key = Some(std::mem::take(&mut self.buf));
            self.token = Token::None;
            self.expect = Expect::Colon;
            return;
        }
        self.pass_on(false, started, Escape::None, false, text, ops);
        self.token = Token::None;
        self.after_value();
    }
}

/// Starts an operation: its code, after a comma unless it is the first.
fn op(ops: &mut String, code: u8) {
    if !ops.is_empty() {
        ops.push(',');
    }
    ops.push(char::from(b'0' + code));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }

    /// Builds a value from operations, as the JavaScript builder does: the open containers, and the string that
    /// APPEND continues (any other operation ends it).
    #[derive(Default)]
    struct Builder {
        root: Option<Value>,
        containers: Vec<Vec<Step>>,
        key: Option<String>,
        string: Option<Vec<Step>>,
    }

    impl Builder {
        fn at(&mut self, path: &[Step]) -> &mut Value {
            let mut value = self.root.as_mut().unwrap();
            for step in path {
                value = match step {
                    Step::Key(key) => value.get_mut(key.as_str()).unwrap(),
                    Step::Index(i) => value.get_mut(*i).unwrap(),
                };
            }
            value
        }

        /// Puts `value` in the innermost container, or makes it the root; its path.
        fn put(&mut self, value: Value) -> Vec<Step> {
            let Some(container) = self.containers.last().cloned() else {
                assert!(self.root.is_none(), "a second root value");
                self.root = Some(value);
                return Vec::new();
            };
            let key = self.key.take();
            let mut path = container.clone();
            match self.at(&container) {
                Value::Object(map) => {
                    let key = key.expect("a member without a key");
                    map.insert(key.clone(), value);
                    path.push(Step::Key(key));
                }
                Value::Array(items) => {
                    items.push(value);
                    path.push(Step::Index(items.len() - 1));
                }
                other => panic!("a value put inside {other}"),
            }
            path
        }

        fn apply(&mut self, ops: &str) {
            let ops: Vec<Value> = serde_json::from_str(&format!("[{ops}]")).unwrap();
            let mut ops = ops.into_iter();
            while let Some(code) = ops.next() {
                let code = code.as_u64().unwrap() as u8;
                if code != APPEND {
                    self.string = None;
                }
                match code {
                    OPEN_OBJECT => {
                        let path = self.put(json!({}));
                        self.containers.push(path);
                    }
                    OPEN_ARRAY => {
                        let path = self.put(json!([]));
                        self.containers.push(path);
                    }
                    CLOSE => drop(self.containers.pop().expect("a close without an open container")),
                    KEY => self.key = Some(ops.next().unwrap().as_str().unwrap().to_string()),
                    STRING => self.string = Some(self.put(ops.next().unwrap())),
                    APPEND => {
                        let more = ops.next().unwrap();
                        let path = self.string.clone().expect("an append without a string");
                        let Value::String(text) = self.at(&path) else { panic!("an append to a non-string") };
                        text.push_str(more.as_str().unwrap());
                    }
                    SCALAR => drop(self.put(ops.next().unwrap())),
                    other => panic!("unknown operation {other}"),
                }
            }
        }
    }

    /// The value after each piece, and at the end (or the error).
    fn run(pieces: &[&str]) -> (Vec<Option<Value>>, Result<Value, JsonError>) {
        let (mut parser, mut builder) = (PartialJson::new(), Builder::default());
        let mut seen = Vec::new();
        for piece in pieces {
            let mut ops = String::new();
            parser.push(piece, &mut ops);
            builder.apply(&ops);
            seen.push(builder.root.clone());
        }
        let mut ops = String::new();
        let end = parser.finish(&mut ops).map(|()| {
            builder.apply(&ops);
            builder.root.clone().unwrap()
        });
        (seen, end)
    }

    /// The text cut at every character boundary, one piece per character.
    fn chars(text: &str) -> Vec<&str> {
        let mut cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        cuts.push(text.len());
        cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
    }

    /// `later` extends `earlier`: the same kinds, objects with at least the same keys, arrays at least as long,
    /// strings with the earlier one as a prefix, the same numbers and literals.
    fn extends(later: &Value, earlier: &Value) -> bool {
        match (later, earlier) {
            (Value::Object(l), Value::Object(e)) => e.iter().all(|(k, v)| l.get(k).is_some_and(|lv| extends(lv, v))),
            (Value::Array(l), Value::Array(e)) => e.len() <= l.len() && e.iter().zip(l).all(|(ev, lv)| extends(lv, ev)),
            (Value::String(l), Value::String(e)) => l.starts_with(e.as_str()),
            _ => later == earlier,
        }
    }

    /// JSON texts, and how each is written (some inside code fences).
    const CORPUS: &[(&str, &str)] = &[
        (r#"{"location": "Boston, MA", "unit": "celsius"}"#, ""),
        (r#"{"a":1,"b":[true,false,null,-0.5e10,{"c":"d"}],"e":{},"f":[],"g":"","h":12345}"#, ""),
        (r#"[1, 22, 333, [4, [5, [6]]], {"x": {"y": {"z": "deep"}}}]"#, ""),
        (r#"{"quote":"say \"hi\"","slash":"a\/b","tab":"\t","nl":"x\ny","u":"\u00e9\u4f60"}"#, ""),
        (r#"{"emoji":"\ud83d\ude00","raw":"😀"}"#, ""),
        (r#"{"中文":"你好，世界","mixed":"a😀b"}"#, ""),
        (r#"  {  "spaced" :  [ 1 ,  2 ] , "n" : null  }  "#, ""),
        (r#""just a string""#, ""),
        ("-12.5e-3", ""),
        ("true", ""),
        ("[]", ""),
        (r#"{"nested":[[[[[]]]]],"after":1}"#, ""),
        (r#"{"fenced": [1, 2]}"#, "json"),
        (r#"["bare fence"]"#, "bare"),
    ];

    fn written(text: &str, fence: &str) -> String {
        match fence {
            "json" => format!("```json\n{text}\n```"),
            "bare" => format!("```\n{text}\n```\n"),
            _ => text.to_string(),
        }
    }

    #[test]
    fn every_prefix_gives_a_value_the_final_value_extends() {
        for (json, fence) in CORPUS {
            let want: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            let text = written(json, fence);
            for pieces in [chars(&text), vec![text.as_str()], text.split_inclusive([',', ':', '"', '\\']).collect()] {
                let (seen, end) = run(&pieces);
                assert_eq!(end.as_ref(), Ok(&want), "{text} in {} pieces", pieces.len());
                let mut last = None::<Value>;
                for value in seen.into_iter().flatten() {
                    if let Some(before) = &last {
                        assert!(extends(&value, before), "{text}: {value} does not extend {before}");
                    }
                    assert!(extends(&want, &value), "{text}: the final value does not extend {value}");
                    last = Some(value);
                }
            }
        }
    }

    #[test]
    fn unfinished_strings_show_unfinished_numbers_and_literals_and_keys_do_not() {
        let cases: &[(&str, Value)] = &[
            (r#"{"a":"hel"#, json!({"a": "hel"})),
            (r#"{"a":""#, json!({"a": ""})),
            (r#"{"a"#, json!({})),
            (r#"{"a":"#, json!({})),
            (r#"{"a":12"#, json!({})),
            (r#"{"a":12,"#, json!({"a": 12})),
            (r#"{"a":1 "#, json!({"a": 1})),
            (r#"{"a":tr"#, json!({})),
            (r#"{"a":true"#, json!({"a": true})),
            ("[1, 2", json!([1])),
            (r#"[1, {"b": [2, 3"#, json!([1, {"b": [2]}])),
            (r#"{"a":"x\"#, json!({"a": "x"})),
            (r#"{"a":"x\u00"#, json!({"a": "x"})),
            (r#"{"a":"x\u00e9"#, json!({"a": "xé"})),
            (r#"{"a":[ ], "b":1}"#, json!({"a": [], "b": 1})),
        ];
        for (text, want) in cases {
            let (seen, _) = run(&[text]);
            assert_eq!(seen[0].as_ref(), Some(want), "{text}");
            let (seen, _) = run(&chars(text));
            assert_eq!(seen.last().unwrap().as_ref(), Some(want), "{text}, a character at a time");
        }
    }

    #[test]
    fn an_escape_cut_between_pieces_waits_for_its_end() {
        let (seen, end) = run(&[r#"{"a":"x\"#, "u00", r#"e9y"}"#]);
        assert_eq!(seen, [Some(json!({"a": "x"})), Some(json!({"a": "x"})), Some(json!({"a": "xéy"}))]);
        assert_eq!(end, Ok(json!({"a": "xéy"})));
    }

    #[test]
    fn a_high_surrogate_waits_for_its_low_one_and_a_lone_one_shows_once_alone() {
        // The pair, cut after its first half: nothing of it shows until the second half arrives.
        let (seen, _) = run(&[r#"["a\ud83d"#, r#"\ude00b"]"#]);
        assert_eq!(seen, [Some(json!(["a"])), Some(json!(["a😀b"]))]);
        // A lone high surrogate (JSON.parse keeps it) shows when the next character proves it alone.
        let mut parser = PartialJson::new();
        let mut ops = String::new();
        parser.push(r#"["\ud83d"#, &mut ops);
        assert_eq!(ops, r#"1,4,"""#);
        ops.clear();
        parser.push(" x", &mut ops);
        assert_eq!(ops, r#"5,"\ud83d x""#);
    }

    #[test]
    fn a_number_at_the_very_end_is_whole_only_at_the_finish() {
        let (seen, end) = run(&["12"]);
        assert_eq!(seen, [None]);
        assert_eq!(end, Ok(json!(12)));
    }

    #[test]
    fn what_is_not_json_is_an_error_with_its_offset_and_the_value_so_far_stays() {
        let cases: &[(&str, usize, &str, Value)] = &[
            (r#"{"a":1,,"b":2}"#, 7, "expected a key in double quotes", json!({"a": 1})),
            ("[1 2]", 3, "expected , or the end of the object or array", json!([1])),
            (r#"{"a":01}"#, 7, "an invalid number", json!({})),
            (r#"{"a":"\x"}"#, 7, "an invalid escape in a string", json!({"a": ""})),
            (r#"{"a":1} x"#, 8, "unexpected text after the value", json!({"a": 1})),
            (r#"{"a":nul}"#, 8, "an invalid literal", json!({})),
            ("hello", 0, "expected a JSON value", Value::Null),
        ];
        for (text, at, what, kept) in cases {
            let (seen, end) = run(&chars(text));
            assert_eq!(end, Err(JsonError { at: *at, what }), "{text}");
            assert_eq!(&seen.last().unwrap().clone().unwrap_or(Value::Null), kept, "{text}");
        }
        let (_, end) = run(&[r#"{"a":[1,"#]);
        assert_eq!(end.unwrap_err().what, "the JSON text ends before its value is complete");
        let (_, end) = run(&["  "]);
        assert_eq!(end.unwrap_err().what, "expected a JSON value, found nothing");
    }

    #[test]
    fn a_long_string_one_byte_at_a_time_costs_one_append_per_byte() {
        let text = format!(r#"{{"text":"{}"}}"#, "x".repeat(1 << 20));
        let mut parser = PartialJson::new();
        let (mut ops, mut total) = (String::new(), 0);
        for piece in chars(&text) {
            ops.clear();
            parser.push(piece, &mut ops);
            total += ops.len();
        }
        // `5,"x"` per byte, and the few operations around it: linear in the text.
        assert!(total < 6 * text.len(), "{total} bytes of operations for {} of text", text.len());
        assert!(parser.finish(&mut ops).is_ok() && parser.is_complete());
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error() {
        let deep = "[".repeat(MAX_DEPTH as usize + 1);
        let (_, end) = run(&[&deep]);
        assert_eq!(end.unwrap_err().what, "nested too deep");
    }
}
