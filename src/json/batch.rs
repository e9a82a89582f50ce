//! JSON texts on their way to JavaScript as the elements of one array text: one `JSON.parse` there makes all the
//! values of a read. V8 parses one fresh string faster than many slices of one decoded buffer (BENCHMARKS.md).

/// The texts of one read's values, joined as `[a,b,…]`. Each text pushed must be one whole JSON value (the
/// scanner has read it), so the array has exactly one element per text.
#[derive(Debug, Default)]
pub struct JsonBatch {
    text: String,
    len: usize,
    /// `]` has been written.
    closed: bool,
}

impl JsonBatch {
    pub fn clear(&mut self) {
        self.text.clear();
        self.len = 0;
        self.closed = false;
    }

    pub fn push(&mut self, json: &str) {
        self.element();
        self.text.push_str(json);
    }

    /// Pushes a string, given as written between its quotes (escapes and all): JSON.parse decodes it.
    pub fn push_string(&mut self, raw: &str) {
        self.element();
        self.text.push('"');
        self.text.push_str(raw);
        self.text.push('"');
    }

    /// Opens the next element.
    fn element(&mut self) {
        debug_assert!(!self.closed, "a closed batch is cleared before it takes more");
        self.text.push(if self.len == 0 { '[' } else { ',' });
        self.len += 1;
    }

    /// How many values were pushed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The array's text. Closes the batch: clear it before pushing again.
    pub fn array(&mut self) -> &str {
        if !self.closed {
            self.closed = true;
            self.text.push_str(if self.len == 0 { "[]" } else { "]" });
        }
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_one_array_with_an_element_per_text() {
        let mut batch = JsonBatch::default();
        assert!(batch.is_empty());
        assert_eq!(batch.array(), "[]");
        batch.clear();
        batch.push(r#"{"a":"你"}"#);
        batch.push("null");
        batch.push("[1,2]");
        batch.push_string(r#"a\"b\u0041"#);
        assert_eq!((batch.len(), batch.array()), (4, r#"[{"a":"你"},null,[1,2],"a\"b\u0041"]"#));
        assert_eq!(batch.array(), r#"[{"a":"你"},null,[1,2],"a\"b\u0041"]"#, "the same text when asked again");
        batch.clear();
        batch.push("7");
        assert_eq!((batch.len(), batch.array()), (1, "[7]"));
    }
}
