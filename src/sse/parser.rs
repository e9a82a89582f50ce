//! The incremental parser. Each byte is looked at once: a read is scanned for line ends eight bytes at a time,
//! complete lines are interpreted straight from the read (a one-line event's data is lent from it), and only the
//! unfinished tail of a read is copied into `line`.

use std::borrow::Cow;

use super::event::{Event, SseError, SseSink};
use crate::swar;

/// 16 MiB: far beyond any chat chunk, small enough that a runaway stream fails long before memory does.
pub const DEFAULT_MAX_BUFFER_SIZE: usize = 16 * 1024 * 1024;

const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseOptions {
    /// The most bytes the parser holds for one unfinished line, or for the data of one event.
    pub max_buffer_size: usize,
    /// Dispatch an event still open at `finish()` (the spec discards it).
    pub dispatch_unterminated: bool,
}

impl Default for SseOptions {
    fn default() -> Self {
        SseOptions { max_buffer_size: DEFAULT_MAX_BUFFER_SIZE, dispatch_unterminated: false }
    }
}

#[derive(Debug)]
pub struct SseParser {
    options: SseOptions,
    /// Bytes of the BOM matched so far at the very start (0..=3), or `None` once the start is behind us.
    bom_matched: Option<u8>,
    /// The previous read ended with CR: an LF at the start of the next read belongs to it.
    after_cr: bool,
    /// The unfinished line carried over from earlier reads.
    line: Vec<u8>,
    block: Block,
    failed: Option<SseError>,
}

/// The buffers of the event being built, and the state that outlives events.
#[derive(Debug, Default)]
struct Block {
    data: String,
    has_data: bool,
    event: String,
    /// The spec's "last event ID buffer": set by `id` fields; a new stream starts from `last_event_id`.
    id_buffer: Option<String>,
    /// The spec's "last event ID string": the buffer as of the last dispatch; what a reconnect sends.
    last_event_id: Option<String>,
    retry: Option<u64>,
}

/// The buffer room a parser keeps from one stream to the next. A larger buffer is freed whole (shrunk in place,
/// what it keeps would split the free memory).
pub const KEPT_CAPACITY: usize = 64 << 10;

impl Default for SseParser {
    fn default() -> Self {
        SseParser::new(SseOptions::default())
    }
}

impl SseParser {
    pub fn new(options: SseOptions) -> Self {
        SseParser {
            options,
            bom_matched: Some(0),
            after_cr: false,
            line: Vec::new(),
            block: Block::default(),
            failed: None,
        }
    }

    /// WHATWG's "last event ID string" (what a reconnect sends as `Last-Event-ID`): the id as of the last blank
    /// line. An `id` in a block the end of the stream cut off does not count.
    pub fn last_event_id(&self) -> Option<&str> {
        self.block.last_event_id.as_deref()
    }

    /// The reconnection time set by the last valid `retry` field.
    pub fn reconnection_time(&self) -> Option<u64> {
        self.block.retry
    }

    /// Feeds one read. Events completed by it go to `sink`, in order. (A `dyn` sink: one copy of the parser.)
    pub fn push(&mut self, chunk: &[u8], sink: &mut dyn SseSink) -> Result<(), SseError> {
        if let Some(err) = &self.failed {
            return Err(err.clone());
        }
        let mut rest = chunk;
        if let Some(matched) = self.bom_matched {
            rest = match self.skip_bom(matched, rest) {
                Some(rest) => rest,
                None => return Ok(()), // the whole read was a prefix of the BOM
            };
        }
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        let limit = self.options.max_buffer_size;
        // An event's data, when it is one line of this read: lent to the sink from the read, not copied.
        let mut lent = None;
        while let Some(end) = line_end(rest) {
            let result = if self.line.is_empty() {
                if end > limit {
                    return self.fail(SseError::BufferOverflow { limit });
                }
                self.block.line(&rest[..end], Some(&mut lent), limit, sink)
            } else {
                if self.line.len() + end > limit {
                    return self.fail(SseError::BufferOverflow { limit });
                }
                self.line.extend_from_slice(&rest[..end]);
                if self.block.takes_data_line(&mut self.line, limit) {
                    Ok(())
                } else {
                    let result = self.block.line(&self.line, None, limit, sink);
                    self.line.clear();
                    result
                }
            };
            if let Err(err) = result {
                return self.fail(err);
            }
            let terminator = rest[end];
            rest = &rest[end + 1..];
            if terminator == b'\r' {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        // The read ends inside an event: its data is kept.
        if let Some(data) = lent {
            self.block.data.push_str(data);
        }
        if !rest.is_empty() {
            if self.line.len() + rest.len() > limit {
                return self.fail(SseError::BufferOverflow { limit });
            }
            self.line.extend_from_slice(rest);
        }
        Ok(())
    }

    /// Ends the stream. Per the spec an event not closed by a blank line is discarded, unless the parser was
    /// built with `dispatch_unterminated`. The parser is then ready for a new stream (the last dispatched event
    /// ID and the reconnection time are kept, as a reconnecting EventSource keeps them).
    pub fn finish(&mut self, sink: &mut dyn SseSink) -> Result<(), SseError> {
        if let Some(err) = self.failed.take() {
            self.reset();
            return Err(err);
        }
        if self.options.dispatch_unterminated {
            let line = std::mem::take(&mut self.line);
            let result =
                if line.is_empty() { Ok(()) } else { self.block.line(&line, None, self.options.max_buffer_size, sink) };
            self.line = line;
            if let Err(err) = result {
                self.reset();
                return Err(err);
            }
            self.block.dispatch(sink, None);
        }
        self.reset();
        Ok(())
    }

    fn reset(&mut self) {
        self.bom_matched = Some(0);
        self.after_cr = false;
        self.line.clear();
        self.block.data.clear();
        // What a long line grew is given back at the end of a stream (a parser kept by JS keeps its wasm memory
        // until it is collected); a usual line's room is kept.
        if self.line.capacity() > KEPT_CAPACITY {
            self.line = Vec::new();
        }
        if self.block.data.capacity() > KEPT_CAPACITY {
            self.block.data = String::new();
        }
        self.block.has_data = false;
        self.block.event.clear();
        // A new stream starts from the last *dispatched* id: an id in an event cut off by the end is forgotten.
        self.block.id_buffer.clone_from(&self.block.last_event_id);
        self.failed = None;
    }

    fn fail(&mut self, err: SseError) -> Result<(), SseError> {
        self.line = Vec::new();
        self.block.data = String::new();
        self.failed = Some(err.clone());
        Err(err)
    }

    /// Consumes the BOM, which may arrive split over several reads. Returns what follows it, or `None` when the
    /// read ended inside a still-possible BOM.
    #[cold]
    fn skip_bom<'a>(&mut self, matched: u8, chunk: &'a [u8]) -> Option<&'a [u8]> {
        let mut matched = matched as usize;
        let mut taken = 0;
        while matched < BOM.len() {
            match chunk.get(taken) {
                None => {
                    self.bom_matched = Some(matched as u8);
                    return None;
                }
                Some(&b) if b == BOM[matched] => {
                    matched += 1;
                    taken += 1;
                }
                Some(_) => {
                    // Not a BOM: the bytes held back so far are ordinary line content.
                    self.line.extend_from_slice(&BOM[..matched]);
                    self.bom_matched = None;
                    return Some(&chunk[taken..]);
                }
            }
        }
        self.bom_matched = None;
        Some(&chunk[taken..])
    }
}

impl Block {
    /// Interprets one complete line (without its terminator). `lent`, for a line of the current read: where the
    /// event's data is held while it is that one line.
    #[inline]
    fn line<'c>(
        &mut self,
        line: &'c [u8],
        lent: Option<&mut Option<&'c str>>,
        limit: usize,
        sink: &mut dyn SseSink,
    ) -> Result<(), SseError> {
        if line.is_empty() {
            self.dispatch(sink, lent.and_then(Option::take));
            return Ok(());
        }
        let (field, value) = match memchr::memchr(b':', line) {
            Some(0) => {
                sink.on_comment(&decode(strip_space(&line[1..])));
                return Ok(());
            }
            Some(colon) => (&line[..colon], strip_space(&line[colon + 1..])),
            None => (line, &line[line.len()..]),
        };
        match field {
            b"data" => {
                let value = decode(value);
                let held = self.data.len() + lent.as_deref().copied().flatten().map_or(0, str::len);
                if held + value.len() + 1 > limit {
                    return Err(SseError::BufferOverflow { limit });
                }
                match (lent, value) {
                    (Some(lent), Cow::Borrowed(text)) if !self.has_data => *lent = Some(text),
                    (lent, value) => {
                        if let Some(earlier) = lent.and_then(Option::take) {
                            self.data.push_str(earlier);
                        }
                        if self.has_data {
                            self.data.push('\n');
                        }
                        self.data.push_str(&value);
                    }
                }
                self.has_data = true;
            }
            b"event" => {
                self.event.clear();
                self.event.push_str(&decode(value));
            }
            b"id" if memchr::memchr(0, value).is_none() => {
                self.id_buffer = Some(decode(value).into_owned());
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Digits beyond u64 saturate: the stream asked for "as long as possible".
                let ms = value.iter().fold(0u64, |acc, d| acc.saturating_mul(10).saturating_add(u64::from(d - b'0')));
                self.retry = Some(ms);
                sink.on_retry(ms);
            }
            _ => {} // unknown fields, an id with NUL, a retry with non-digits: ignored
        }
        Ok(())
    }

    /// A long line carried over several reads that is the event's first data line: its buffer becomes the data,
    /// the `data:` prefix moved out in place, rather than copied again (a 64 MiB line is not held twice).
    #[cold]
    fn takes_data_line(&mut self, line: &mut Vec<u8>, limit: usize) -> bool {
        if self.has_data || !line.starts_with(b"data:") || line.len() < 1024 {
            return false;
        }
        let prefix: &[u8] = if line.get(5) == Some(&b' ') { b"data: " } else { b"data:" };
        if line.len() - prefix.len() + 1 > limit {
            return false; // the usual path reports the overflow
        }
        line.drain(..prefix.len());
        match String::from_utf8(std::mem::take(line)) {
            Ok(data) => {
                self.data = data;
                self.has_data = true;
                true
            }
            // Invalid UTF-8: the line goes back as it was, for the usual path to replace what it must.
            Err(e) => {
                *line = e.into_bytes();
                line.splice(0..0, prefix.iter().copied());
                false
            }
        }
    }

    /// A blank line: dispatch the event when it carried data (`lent`, when it is held there), and start a new one
    /// either way.
    #[inline]
    fn dispatch(&mut self, sink: &mut dyn SseSink, lent: Option<&str>) {
        // The spec sets the last event ID string first, whether or not the block had data.
        if (self.id_buffer.is_some() || self.last_event_id.is_some()) && self.last_event_id != self.id_buffer {
            self.last_event_id.clone_from(&self.id_buffer);
        }
        if self.has_data {
            let event = (!self.event.is_empty()).then_some(self.event.as_str());
            let data = lent.unwrap_or(&self.data);
            sink.on_event(Event { event, data, id: self.id_buffer.as_deref(), retry: self.retry });
            self.data.clear();
            self.has_data = false;
        }
        self.event.clear();
    }
}

/// The offset of the first CR or LF, eight bytes at a time (this runs over every byte of a stream).
#[inline]
fn line_end(bytes: &[u8]) -> Option<usize> {
    let in_word = |w| swar::equal(w, b'\n') | swar::equal(w, b'\r');
    let end = swar::find(bytes, 0, in_word, |b| b == b'\n' || b == b'\r');
    (end < bytes.len()).then_some(end)
}

/// A field value starts after the colon and one optional space.
#[inline]
fn strip_space(value: &[u8]) -> &[u8] {
    match value.first() {
        Some(b' ') => &value[1..],
        _ => value,
    }
}

/// UTF-8 to text, invalid sequences as U+FFFD. Valid input (nearly all of it) takes `from_utf8`'s fast validator
/// and is borrowed, not copied.
#[inline]
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_stream_gives_back_what_a_long_line_grew() {
        let mut parser = SseParser::default();
        let mut events = Vec::new();
        let long = format!("data: {}\n", "x".repeat(1 << 20));
        parser.push(long.as_bytes(), &mut events).unwrap();
        parser.push(b"data: and a line cut", &mut events).unwrap();
        parser.push("x".repeat(1 << 20).as_bytes(), &mut events).unwrap();
        assert!(parser.line.capacity() >= 1 << 20 && parser.block.data.capacity() >= 1 << 20);
        parser.finish(&mut events).unwrap();
        assert!(parser.line.capacity() <= KEPT_CAPACITY && parser.block.data.capacity() <= KEPT_CAPACITY);
    }
}
