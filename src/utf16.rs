//! Text on its way to JavaScript, measured in JS string offsets (UTF-16 code units): the texts of one read are
//! joined into one buffer and cross in one call, to be cut apart there at these offsets.

/// A batch of texts on their way to JS: joined into one buffer, with their end offsets in UTF-16 units.
#[derive(Default)]
pub struct TextBatch {
    pub joined: String,
    pub ends: Vec<u32>,
    units: u32,
}

impl TextBatch {
    pub fn clear(&mut self) {
        self.joined.clear();
        self.ends.clear();
        self.units = 0;
    }

    pub fn push(&mut self, text: &str) {
        self.joined.push_str(text);
        self.units += utf16_len(text) as u32;
        self.ends.push(self.units);
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Empties the batch, and frees its buffer when it has grown beyond `capacity` bytes.
    pub fn release(&mut self, capacity: usize) {
        if self.joined.capacity() > capacity {
            *self = TextBatch::default();
        }
        self.clear();
    }
}

/// Length in UTF-16 code units (JS string offsets): one per character, two beyond the Basic Multilingual Plane,
/// so the byte length, less continuation bytes (10xxxxxx), plus four-byte leads (11110xxx). Counted eight bytes
/// at a time: this runs over every byte of every event.
pub fn utf16_len(text: &str) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let (mut continuations, mut astral) = (0usize, 0usize);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let (b7, b6, b5, b4) = ((w >> 7) & ONES, (w >> 6) & ONES, (w >> 5) & ONES, (w >> 4) & ONES);
        continuations += (b7 & !b6 & ONES).count_ones() as usize;
        astral += (b7 & b6 & b5 & b4).count_ones() as usize;
    }
    for &b in words.remainder() {
        continuations += usize::from(b & 0xC0 == 0x80);
        astral += usize::from(b >= 0xF0);
    }
    bytes.len() - continuations + astral
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_lengths_count_code_units_as_javascript_does() {
        let samples =
            ["", "ascii only, longer than eight bytes", "é", "你好，世界", "🙂", "a🙂b你c\u{7f}", &"x🙂".repeat(9)];
        for text in samples {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text}");
        }
    }

    #[test]
    fn a_batch_records_where_each_text_ends_in_utf16_units() {
        let mut batch = TextBatch::default();
        assert!(batch.is_empty());
        batch.push("ab");
        batch.push("🙂");
        batch.push("你");
        assert_eq!((batch.joined.as_str(), batch.ends.as_slice()), ("ab🙂你", [2, 4, 5].as_slice()));
        batch.clear();
        batch.push("plain");
        assert_eq!(batch.ends, [5]);
    }

    #[test]
    fn releasing_a_batch_frees_only_a_buffer_that_grew_past_the_limit() {
        let mut batch = TextBatch::default();
        batch.push(&"x".repeat(100));
        batch.release(1000);
        assert!(batch.is_empty() && batch.joined.capacity() >= 100, "kept for the next read");
        batch.push(&"x".repeat(5000));
        batch.release(1000);
        assert!(batch.is_empty() && batch.joined.capacity() == 0, "given back");
    }
}
