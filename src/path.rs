//! JSON paths (`messages[2].content[0].image_url.url`, `items[0].name`), built on the stack as a checker descends
//! and only turned into a string when an issue is reported.

use std::fmt;

#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, first: &mut bool) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.write(f, first)?;
        }
        match self.segment {
            Segment::Root => Ok(()),
            Segment::Index(i) => {
                *first = false;
                write!(f, "[{i}]")
            }
            Segment::Key(key) if is_identifier(key) => {
                let dot = if *first { "" } else { "." };
                *first = false;
                write!(f, "{dot}{key}")
            }
            Segment::Key(key) => {
                *first = false;
                let mut quoted = String::new();
                crate::json::write::push_str_literal(&mut quoted, key);
                write!(f, "[{quoted}]")
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &mut true)
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_keys_indexes_and_odd_keys() {
        let root = Path::ROOT;
        let messages = root.key("messages");
        let second = messages.index(2);
        let content = second.key("content");
        let part = content.index(0);
        let image = part.key("image_url");
        assert_eq!(image.key("url").to_string(), "messages[2].content[0].image_url.url");
        assert_eq!(root.key("thinking_budget").to_string(), "thinking_budget");
        assert_eq!(root.to_string(), "");
        assert_eq!(root.key("a b").to_string(), "[\"a b\"]");
        assert_eq!(messages.key("x-y").to_string(), "messages[\"x-y\"]");
    }
}
