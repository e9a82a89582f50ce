//! Byte searches eight bytes at a time, in a `u64` (wasm32's baseline has no SIMD, and memchr's portable search,
//! what it gets, looks at four): the SSE parser's line ends and the JSON reader's and writer's string runs, loops
//! over every byte of a stream.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `limit` (at most 0x80). Exact up to the first such byte, which is all
/// a search uses.
#[inline(always)]
pub fn below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS
}

/// The high bit of each byte of `word` equal to `byte` (exact up to the first).
#[inline(always)]
pub fn equal(word: u64, byte: u8) -> u64 {
    below(word ^ (ONES * u64::from(byte)), 1)
}

/// The offset of the first byte at or after `from` that `stops`, or the length: `in_word` marks such bytes in a
/// little-endian word of eight (as `below` and `equal` do), `stops` decides the last few.
#[inline(always)]
pub fn find(bytes: &[u8], from: usize, in_word: impl Fn(u64) -> u64, stops: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while let Some(Ok(word)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let marked = in_word(u64::from_le_bytes(word));
        if marked != 0 {
            return i + (marked.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !stops(bytes[i]) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position of the stopping byte, in every alignment, is found first, as a plain search finds it.
    #[test]
    fn finds_what_a_byte_by_byte_search_finds() {
        let stops = |b: u8| b < 0x20 || b == b'"';
        for len in 0..40 {
            for at in 0..=len {
                for stop in [b'"', b'\n', 0x00, 0x1F] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes that sit next to the stopping ones in value must not stop: 0x20, '#', 0x80, 0xFF.
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = [b'a', 0x20, b'#', 0x80, 0xFF, 0x21][i % 6];
                    }
                    if at < len {
                        bytes[at] = stop;
                    }
                    for from in 0..=at.min(len) {
                        let found = find(&bytes, from, |w| below(w, 0x20) | equal(w, b'"'), stops);
                        let expected = (from..len).find(|&i| stops(bytes[i])).unwrap_or(len);
                        assert_eq!(found, expected, "len {len}, stop {stop:#x} at {at}, from {from}");
                    }
                }
            }
        }
    }
}
