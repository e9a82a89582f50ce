//! `data:` URLs (RFC 2397) as vision models receive them: `data:image/png;base64,iVBOR...`.

/// A well-formed data: URL, split up.
#[derive(Debug, PartialEq, Eq)]
pub struct DataUrl<'a> {
    /// `image/png`; empty when the URL gives none.
    pub media_type: &'a str,
    pub base64: bool,
    pub payload: &'a str,
}

/// Checks a data: URL, saying what is wrong in words a person can act on.
pub fn parse(url: &str) -> Result<DataUrl<'_>, String> {
    let rest = url
        .get(..5)
        .filter(|scheme| scheme.eq_ignore_ascii_case("data:"))
        .map(|_| &url[5..])
        .ok_or("it does not start with \"data:\"")?;
    let comma = rest.find(',').ok_or("it has no comma between the media type and the data")?;
    let (header, payload) = (&rest[..comma], &rest[comma + 1..]);
    let mut params = header.split(';');
    let media_type = params.next().unwrap_or("").trim();
    if !media_type.is_empty() && !is_media_type(media_type) {
        return Err(format!("\"{media_type}\" is not a media type like image/png"));
    }
    let mut base64 = false;
    for param in params {
        if param.eq_ignore_ascii_case("base64") {
            base64 = true;
        } else if !param.contains('=') {
            return Err(format!("\";{param}\" is neither \";base64\" nor a name=value parameter"));
        }
    }
    if payload.is_empty() {
        return Err("it carries no data after the comma".into());
    }
    if base64 {
        check_base64(payload)?;
    }
    Ok(DataUrl { media_type, base64, payload })
}

fn is_media_type(s: &str) -> bool {
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    matches!(s.split_once('/'), Some((kind, sub)) if token(kind) && token(sub))
}

/// Standard base64 (RFC 4648 §4), padding optional, no whitespace: what the server decodes.
fn check_base64(payload: &str) -> Result<(), String> {
    let bytes = payload.as_bytes();
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return Err("its base64 data ends with more than two \"=\"".into());
    }
    let body = &bytes[..bytes.len() - padding];
    if let Some(at) = body.iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/')) {
        let c = payload[at..].chars().next().unwrap_or('?');
        let what = match c {
            '=' => "\"=\" before the end".to_string(),
            c if c.is_whitespace() => "whitespace".to_string(),
            '-' | '_' => format!("\"{c}\" (URL-safe base64; use the standard alphabet with + and /)"),
            c => format!("the character {}", crate::text::quote_char(c)),
        };
        return Err(format!("its base64 data contains {what} at position {at}"));
    }
    let complete = (body.len() + padding) % 4 == 0;
    if (padding > 0 && !complete) || body.len() % 4 == 1 {
        return Err(format!(
            "its base64 data has a length ({}) that no data can encode to; was it cut short?",
            bytes.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_urls() {
        let url = parse("data:image/png;base64,iVBORw0KGgo=").unwrap();
        assert_eq!((url.media_type, url.base64, url.payload), ("image/png", true, "iVBORw0KGgo="));
        assert!(parse("data:image/jpeg;base64,/9j/4AAQ").is_ok());
        assert!(parse("DATA:image/png;base64,AAAA").is_ok());
        assert!(parse("data:text/plain;charset=utf-8,hello%20world").is_ok());
        assert!(parse("data:,hello").is_ok());
        assert!(parse("data:image/png;base64,AAA").is_ok()); // unpadded
    }

    #[test]
    fn names_what_is_wrong() {
        assert!(parse("data:image/png;base64").unwrap_err().contains("no comma"));
        assert!(parse("data:image/png;base64,").unwrap_err().contains("no data"));
        assert!(parse("data:png;base64,AAAA").unwrap_err().contains("not a media type"));
        assert!(parse("data:image/png;base64,AA AA").unwrap_err().contains("whitespace at position 2"));
        assert!(parse("data:image/png;base64,AA_A").unwrap_err().contains("URL-safe"));
        assert!(parse("data:image/png;base64,AAAAA").unwrap_err().contains("cut short"));
        assert!(parse("data:image/png;base64,AA=A").unwrap_err().contains("\"=\" before the end"));
        assert!(parse("data:image/png;base64,A===").unwrap_err().contains("more than two"));
        assert!(parse("data:image/png;base64,AAA==").unwrap_err().contains("length"));
        assert!(parse("data:image/png;bas64,AAAA").unwrap_err().contains("bas64"));
        assert!(parse("image/png;base64,AAAA").unwrap_err().contains("data:"));
    }
}
