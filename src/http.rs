//! What HTTP allows in headers, checked before fetch sees them (it throws on others, with a message that names
//! neither the option nor the header).

/// SiliconFlow's trace id header, on every response (not `x-request-id`).
pub const TRACE_HEADER: &str = "x-siliconcloud-trace-id";

/// Whether a trace id looks like one (hex digits, perhaps a UUID's dashes, at most 64 characters): anything else
/// (an upstream echoing what it was sent, say) is not passed on.
pub fn is_trace_id(value: &str) -> bool {
    (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// A header the fetch API accepts: a token name, and a value of bytes with no NUL, CR or LF. The message says
/// what is wrong without quoting the value (it may be a key).
pub fn check_header(name: &str, value: &str) -> Result<(), String> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Err(format!("{} is not a valid header name", crate::text::quoted(name)));
    }
    if let Some(bad) = value.chars().find(|&c| c as u32 > 0xFF || matches!(c, '\0' | '\r' | '\n')) {
        let bad = crate::text::quote_char(bad);
        return Err(format!("the value of header {name} contains {bad}, which HTTP headers cannot carry"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_ids_are_hex_or_uuids_only() {
        assert!(is_trace_id("0193b2f1c0a87a62fec47a823d381134"));
        assert!(is_trace_id("123e4567-e89b-12d3-a456-426614174000"));
        for bad in ["", "Bearer sk-abc", "sk-0123", &"a".repeat(65), "ab cd", "abc\n"] {
            assert!(!is_trace_id(bad), "{bad}");
        }
    }

    #[test]
    fn header_names_are_tokens_and_values_carry_no_line_breaks_nul_or_wide_characters() {
        assert_eq!(check_header("x-custom_1", "any value, even \u{e9}"), Ok(()));
        assert_eq!(check_header("x bad", "1"), Err("\"x bad\" is not a valid header name".into()));
        assert!(check_header("", "1").is_err());
        assert!(check_header("x-a", "line\nbreak").unwrap_err().contains("x-a"));
        assert!(check_header("x-a", "nul\0").is_err());
        assert!(check_header("x-a", "carriage\r").is_err());
        let wide = check_header("authorization", "Bearer sk-secret\u{200b}").unwrap_err();
        assert!(wide.contains("U+200B") && !wide.contains("sk-secret"), "{wide}");
    }
}
