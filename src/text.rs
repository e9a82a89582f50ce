//! Text in messages: quoting what a person typed, and listing names. Written out by hand so that the wasm carries
//! no Unicode tables and no `Debug` formatting (`{:?}`), which alone would cost more than the parser.

use crate::json::write::push_str_literal;

/// `text` in double quotes, with JSON's escapes: `"get weather"`, `"a\nb"`.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_str_literal(&mut out, text);
    out
}

/// A character in single quotes, visible whatever it is: `'.'`, `'\n'`, `'é' (U+00E9)`, `'\u{200b}'` would be
/// invisible, so non-ASCII characters also show their code point.
pub fn quote_char(c: char) -> String {
    let mut out = String::from("'");
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\'' => out.push_str("\\'"),
        '\\' => out.push_str("\\\\"),
        c if c.is_ascii_control() => {
            out.push_str("\\u{");
            push_hex(&mut out, c as u32);
            out.push('}');
        }
        c => out.push(c),
    }
    out.push('\'');
    if !c.is_ascii() {
        out.push_str(" (U+");
        let mut hex = String::new();
        push_hex(&mut hex, c as u32);
        for _ in hex.len()..4 {
            out.push('0');
        }
        out.push_str(&hex);
        out.push(')');
    }
    out
}

fn push_hex(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut buf = [0u8; 8];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = DIGITS[(n & 0xF) as usize];
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// The items separated by `separator`.
pub fn join<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_quoted_visibly() {
        assert_eq!(quote_char(' '), "' '");
        assert_eq!(quote_char('.'), "'.'");
        assert_eq!(quote_char('\n'), "'\\n'");
        assert_eq!(quote_char('\0'), "'\\u{0}'");
        assert_eq!(quote_char('é'), "'é' (U+00E9)");
        assert_eq!(quote_char('\u{200b}'), "'\u{200b}' (U+200B)");
        assert_eq!(quote_char('😀'), "'😀' (U+1F600)");
        assert_eq!(quoted("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
        assert_eq!(join(&["a", "b", "c"], ", "), "a, b, c");
        assert_eq!(join::<&str>(&[], ", "), "");
    }
}
