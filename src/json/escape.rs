//! The bytes that end the plain part of a JSON string: the closing quote, an escape, a control character. The
//! reader stops at them, and the writer escapes exactly them.

use crate::swar;

/// The offset of the first byte at or after `i` that ends the plain part of a string (a quote, a backslash, a
/// control character), or the length: eight bytes at a time, as strings are most of a chunk's bytes. (The bytes
/// a JSON writer must escape are the same.)
#[inline]
pub fn skip_plain(bytes: &[u8], i: usize) -> usize {
    let in_word = |w| swar::below(w, 0x20) | swar::equal(w, b'"') | swar::equal(w, b'\\');
    swar::find(bytes, i, in_word, |b| STOP[usize::from(b)])
}

/// Bytes that end the fast part of a string: the closing quote, an escape, a control character.
static STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};
