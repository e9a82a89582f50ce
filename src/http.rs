//! What HTTP allows in headers, checked before fetch sees them (it throws on others, with a message that names
//! neither the option nor the header).

/// SiliconFlow's trace id header, on every response (not `x-request-id`).
pub const TRACE_HEADER: &str = "x-siliconcloud-trace-id";

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
