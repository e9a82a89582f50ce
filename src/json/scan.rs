//! A pull reader over JSON text: the caller asks for what it expects next (an object's next key, a string, an
//! integer) and skips what it does not need, without building values. Strings are borrowed from the text and
//! decoded only when the caller keeps them; numbers are read as integers or kept as text (nothing here parses
//! floats). Everything read or skipped is validated as strictly as `JSON.parse` does, so that the final completion
//! and a `for await` loop (which JS parses) agree on what is malformed.

use std::borrow::Cow;
use std::fmt;

use super::escape::skip_plain;

/// JSON nested deeper than this is refused rather than recursed into.
pub const MAX_DEPTH: u32 = 128;

/// What is wrong with a JSON text, and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// "expected a value at byte 12".
    pub fn message(&self) -> String {
        let mut out = String::from(self.what);
        out.push_str(" at byte ");
        crate::number::push_u64(&mut out, self.at as u64);
        out
    }
}

type Result<T> = std::result::Result<T, JsonError>;

/// A string as the text has it (between the quotes), already validated; decoded on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Str<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> Str<'a> {
    /// Appends the decoded string to `out`.
    #[inline]
    pub fn push_to(&self, out: &mut String) {
        if self.escaped {
            unescape(self.raw, out);
        } else {
            out.push_str(self.raw);
        }
    }

    pub fn decode(&self) -> Cow<'a, str> {
        if self.escaped {
            let mut out = String::with_capacity(self.raw.len());
            unescape(self.raw, &mut out);
            Cow::Owned(out)
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The string as written between its quotes, escapes and all.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The string, when it has no escapes (then it is the text as written).
    #[inline]
    pub fn plain(&self) -> Option<&'a str> {
        (!self.escaped).then_some(self.raw)
    }

    /// Whether the decoded string equals `other`.
    #[inline]
    pub fn is(&self, other: &str) -> bool {
        if self.escaped {
            self.decode() == other
        } else {
            self.raw == other
        }
    }
}

/// An object member's key, looked up among the names its reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// The name at this index of the known names.
    Known(usize),
    Other(Str<'a>),
}

pub struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// Set by a reader that tracks an object's member names when one is named twice (`JSON.parse` keeps only
    /// the last of them).
    pub repeated: bool,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanner { text, pos: 0, repeated: false }
    }

    /// The byte offset of the next thing to read.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn fail<T>(&self, what: &'static str) -> Result<T> {
        Err(JsonError { at: self.pos, what })
    }

    /// `text[start..end]`, where both are offsets of ASCII bytes (quotes, digits, punctuation) or the ends of the
    /// text, which are always character boundaries: sliced without the checks, which cost a twentieth of reading
    /// a chunk in a build optimised for size.
    #[inline]
    fn slice(&self, start: usize, end: usize) -> &'a str {
        debug_assert!(self.text.is_char_boundary(start) && self.text.is_char_boundary(end) && start <= end);
        // SAFETY: `start <= end <= len` (offsets the scanner reached) at character boundaries, as above.
        unsafe { self.text.get_unchecked(start..end) }
    }

    #[inline]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not whitespace, not consumed. (Called for every token: inlined even in a build
    /// optimised for size, where the call alone cost a tenth of a chunk's reading.)
    #[inline(always)]
    pub fn peek(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    #[inline(always)]
    fn eat(&mut self, expected: u8, what: &'static str) -> Result<()> {
        if self.peek() == Some(expected) {
            self.pos += 1;
            Ok(())
        } else {
            self.fail(what)
        }
    }

    /// Nothing but whitespace remains.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.fail("unexpected text after the value"),
        }
    }

    /// Opens an object: its first key, or `None` when it is empty.
    #[inline]
    pub fn object(&mut self) -> Result<Option<Str<'a>>> {
        self.eat(b'{', "expected an object")?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(None);
        }
        self.key().map(Some)
    }

    /// After a member's value: the next key, or `None` at the end of the object.
    #[inline]
    pub fn next_key(&mut self) -> Result<Option<Str<'a>>> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.key().map(Some)
            }
            Some(b'}') => {
                self.pos += 1;
                Ok(None)
            }
            _ => self.fail("expected , or } in an object"),
        }
    }

    #[inline]
    fn key(&mut self) -> Result<Str<'a>> {
        if self.peek() != Some(b'"') {
            return self.fail("expected a string key");
        }
        self.pos += 1;
        let key = self.string_body()?;
        self.eat(b':', "expected : after a key")?;
        Ok(key)
    }

    /// Opens an object whose keys are looked up among `known`: its first key, or `None` when it is empty.
    #[inline]
    pub fn object_of(&mut self, known: &[&str]) -> Result<Option<Key<'a>>> {
        self.eat(b'{', "expected an object")?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(None);
        }
        self.known_key(known, 0).map(Some)
    }

    /// After a member's value: the next key, looked up among `known`, or `None` at the end of the object. `hint`
    /// is the index of the name expected next: objects of one kind list their members in the same order (every
    /// chunk of a stream does), so the expected name is tried first, straight against the text, and a key that
    /// is it is neither scanned nor looked up.
    #[inline]
    pub fn next_of(&mut self, known: &[&str], hint: usize) -> Result<Option<Key<'a>>> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.known_key(known, hint).map(Some)
            }
            Some(b'}') => {
                self.pos += 1;
                Ok(None)
            }
            _ => self.fail("expected , or } in an object"),
        }
    }

    fn known_key(&mut self, known: &[&str], hint: usize) -> Result<Key<'a>> {
        if self.peek() != Some(b'"') {
            return self.fail("expected a string key");
        }
        let rest = &self.bytes()[self.pos + 1..];
        // The name, then its closing quote: a key with no escapes that is exactly that name. The expected name
        // first, then the others (an object may list its members in another order than `known`).
        let is = |name: &str| rest.get(name.len()) == Some(&b'"') && rest.starts_with(name.as_bytes());
        let found = match known.get(hint) {
            Some(name) if is(name) => Some(hint),
            _ => known.iter().position(|name| is(name)),
        };
        if let Some(i) = found {
            self.pos += known[i].len() + 2;
            self.eat(b':', "expected : after a key")?;
            return Ok(Key::Known(i));
        }
        self.pos += 1;
        let key = self.string_body()?;
        self.eat(b':', "expected : after a key")?;
        // Only a key spelled with escapes can still be a known name.
        let found = if key.escaped { known.iter().position(|name| key.is(name)) } else { None };
        Ok(found.map_or(Key::Other(key), Key::Known))
    }

    /// Opens an array: whether it has a first element.
    #[inline]
    pub fn array(&mut self) -> Result<bool> {
        self.eat(b'[', "expected an array")?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// After an element: whether another follows.
    #[inline]
    pub fn next_element(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b']') => {
                self.pos += 1;
                Ok(false)
            }
            _ => self.fail("expected , or ] in an array"),
        }
    }

    /// Consumes `null` when it comes next.
    #[inline]
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    fn literal(&mut self, word: &'static str) -> Result<()> {
        if self.bytes()[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            self.fail("expected a value")
        }
    }

    /// A string.
    #[inline]
    pub fn string(&mut self) -> Result<Str<'a>> {
        self.eat(b'"', "expected a string")?;
        self.string_body()
    }

    /// The rest of a string, after its opening quote.
    fn string_body(&mut self) -> Result<Str<'a>> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        let mut escaped = false;
        loop {
            i = skip_plain(bytes, i);
            match bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i = self.escape(i)?;
                }
                Some(_) => {
                    self.pos = i;
                    return self.fail("a control character in a string");
                }
                None => {
                    self.pos = i;
                    return self.fail("an unterminated string");
                }
            }
        }
        self.pos = i + 1;
        Ok(Str { raw: self.slice(start, i), escaped })
    }

    /// A string or null.
    #[inline]
    pub fn string_or_null(&mut self) -> Result<Option<Str<'a>>> {
        if self.null()? {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// Validates the escape at `at` (a backslash); returns the offset after it.
    #[cold]
    fn escape(&mut self, at: usize) -> Result<usize> {
        let bytes = self.bytes();
        match bytes.get(at + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(at + 2),
            Some(b'u') => match bytes.get(at + 2..at + 6) {
                Some(hex) if hex.iter().all(u8::is_ascii_hexdigit) => Ok(at + 6),
                _ => {
                    self.pos = at;
                    self.fail("a \\u escape without four hex digits")
                }
            },
            _ => {
                self.pos = at;
                self.fail("an invalid escape in a string")
            }
        }
    }

    /// A number, as its text (validated against JSON's grammar).
    pub fn number(&mut self) -> Result<&'a str> {
        self.peek();
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start + usize::from(bytes.get(start) == Some(&b'-'));
        let int_start = i;
        i = digits(bytes, i);
        let mut valid = i > int_start && (bytes[int_start] != b'0' || i - int_start == 1);
        if valid && bytes.get(i) == Some(&b'.') {
            let from = i + 1;
            i = digits(bytes, from);
            valid = i > from;
        }
        if valid && matches!(bytes.get(i), Some(b'e' | b'E')) {
            let from = i + 1 + usize::from(matches!(bytes.get(i + 1), Some(b'+' | b'-')));
            i = digits(bytes, from);
            valid = i > from;
        }
        if !valid {
            self.pos = i;
            return self.fail("an invalid number");
        }
        self.pos = i;
        Ok(self.slice(start, i))
    }

    /// A number that is a non-negative integer fitting u64, or `None` for any other valid number (the caller
    /// may keep its text instead).
    #[inline]
    pub fn integer(&mut self) -> Result<Option<u64>> {
        // The usual case, a few plain digits ending the number, is read in one pass.
        self.peek();
        let bytes = self.bytes();
        let start = self.pos;
        let end = digits(bytes, start);
        let plain = end > start && end - start <= 19 && (bytes[start] != b'0' || end - start == 1);
        if plain && !matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
            self.pos = end;
            return Ok(Some(bytes[start..end].iter().fold(0, |n, d| n * 10 + u64::from(d - b'0'))));
        }
        Ok(parse_u64(self.number()?))
    }

    /// Any value, skipped (and validated).
    pub fn skip(&mut self) -> Result<()> {
        self.skip_at(0)
    }

    fn skip_at(&mut self, depth: u32) -> Result<()> {
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return self.fail("JSON nested too deeply");
                }
                let mut key = self.object()?;
                while key.is_some() {
                    self.skip_at(depth + 1)?;
                    key = self.next_key()?;
                }
                Ok(())
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return self.fail("JSON nested too deeply");
                }
                let mut more = self.array()?;
                while more {
                    self.skip_at(depth + 1)?;
                    more = self.next_element()?;
                }
                Ok(())
            }
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(_) => self.fail("expected a value"),
            None => self.fail("unexpected end of JSON"),
        }
    }

    /// Any value, skipped (and validated), as its text.
    pub fn raw(&mut self) -> Result<&'a str> {
        self.peek();
        let start = self.pos;
        self.skip()?;
        Ok(self.slice(start, self.pos))
    }

    /// The text from `start` (an earlier `position()` at the start of a value) to here.
    pub fn since(&self, start: usize) -> &'a str {
        self.slice(start.min(self.pos), self.pos)
    }
}

/// The text of a non-negative integer as u64; `None` for anything else (fractions, exponents, signs, overflow).
pub fn parse_u64(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Up to 19 digits cannot overflow (and checked arithmetic is a 128-bit multiply on wasm32).
    if text.len() <= 19 {
        return Some(text.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')));
    }
    text.bytes().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))
}

/// The offset after the ASCII digits starting at `i`.
#[inline]
fn digits(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Whether `text` is one JSON value and nothing else.
pub fn is_valid(text: &str) -> bool {
    let mut scanner = Scanner::new(text);
    scanner.skip().and_then(|()| scanner.end()).is_ok()
}

/// Decodes a validated string body (escapes known to be well-formed). Lone surrogates become U+FFFD: a Rust
/// string cannot hold them.
fn unescape(raw: &str, out: &mut String) {
    let bytes = raw.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&raw[start..i]);
        let (c, len) = match bytes[i + 1] {
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let unit = hex4(&bytes[i + 2..i + 6]);
                let low = (bytes.get(i + 6..i + 8) == Some(b"\\u")).then(|| hex4(&bytes[i + 8..i + 12]));
                match (unit, low) {
                    (0xD800..=0xDBFF, Some(low @ 0xDC00..=0xDFFF)) => {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        (char::from_u32(code).unwrap_or('\u{FFFD}'), 12)
                    }
                    _ => (char::from_u32(unit).unwrap_or('\u{FFFD}'), 6),
                }
            }
            other => (char::from(other), 2), // " \ /
        };
        out.push(c);
        i += len;
        start = i;
    }
    out.push_str(&raw[start..]);
}

fn hex4(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 16 + char::from(d).to_digit(16).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_all(text: &str) -> Result<()> {
        let mut s = Scanner::new(text);
        s.skip()?;
        s.end()
    }

    #[test]
    fn accepts_and_refuses_what_json_parse_does() {
        for ok in [
            "0",
            "-0",
            "1.5e-3",
            "10E+2",
            "\"\"",
            " [ ] ",
            "{}",
            "{\"a\":[1,{\"b\":null}],\"c\":true,\"d\":false}",
            "\"\\u00e9\\ud83d\\ude00\\n\\\"\"",
            "\"你好\"",
        ] {
            assert_eq!(skip_all(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "[1 2]",
            "\"\\x\"",
            "\"\\u12\"",
            "\"tab\there\"",
            "\"open",
            "nul",
            "truex",
            "1 2",
            "NaN",
        ] {
            assert!(skip_all(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(skip_all("[1, x]").unwrap_err().message(), "expected a value at byte 4");
        assert_eq!(skip_all("{\"a\":1").unwrap_err().message(), "expected , or } in an object at byte 6");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH as usize + 1) + &"]".repeat(MAX_DEPTH as usize + 1);
        assert_eq!(skip_all(&deep).unwrap_err().what, "JSON nested too deeply");
        let ok = "[".repeat(MAX_DEPTH as usize) + &"]".repeat(MAX_DEPTH as usize);
        assert_eq!(skip_all(&ok), Ok(()));
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let mut s = Scanner::new(r#"["plain 你好", "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", "\ud800 lone"]"#);
        assert!(s.array().unwrap());
        assert!(matches!(s.string().unwrap().decode(), Cow::Borrowed("plain 你好")));
        assert!(s.next_element().unwrap());
        assert_eq!(s.string().unwrap().decode(), "a\"b\\c/d\u{8}\u{c}\n\r\té😀");
        assert!(s.next_element().unwrap());
        assert_eq!(s.string().unwrap().decode(), "\u{FFFD} lone");
        assert!(!s.next_element().unwrap());
    }

    #[test]
    fn objects_integers_and_raw_values() {
        let mut s =
            Scanner::new(r#" {"n": 42, "big": 18446744073709551616, "f": 1.5, "r": {"x": [1, 2]}, "z": null} "#);
        let mut seen = Vec::new();
        let mut key = s.object().unwrap();
        while let Some(k) = key {
            let value = match k.decode().as_ref() {
                "n" | "big" | "f" => format!("{:?}", s.integer().unwrap()),
                "r" => s.raw().unwrap().to_string(),
                _ => format!("{}", s.null().unwrap()),
            };
            seen.push(value);
            key = s.next_key().unwrap();
        }
        s.end().unwrap();
        assert_eq!(seen, ["Some(42)", "None", "None", "{\"x\": [1, 2]}", "true"]);
    }
}
