//! Bytes of a chat-completion stream in, chunks out as they complete, the final completion at the end.

use crate::sse::{Event, SseOptions, SseParser, SseSink};

use super::accumulator::{Accumulated, Accumulator};
use super::decode::{decode, json_text, Decoded};
use super::error::{StreamError, StreamErrorKind};
use super::events::{EventLog, Log, NoLog};

#[derive(Debug)]
pub struct ChatStream {
    parser: SseParser,
    accumulator: Accumulator,
    done: bool,
    /// Why the stream failed: it stays failed.
    failed: Option<StreamErrorKind>,
}

impl Default for ChatStream {
    fn default() -> Self {
        ChatStream::new(crate::sse::DEFAULT_MAX_BUFFER_SIZE)
    }
}

/// Routes parsed events into the accumulator, and each chunk to the caller (and what it did to the log, if any).
struct Router<'a, F, L> {
    accumulator: &'a mut Accumulator,
    done: &'a mut bool,
    error: Option<StreamErrorKind>,
    on_chunk: F,
    log: L,
}

impl<F: FnMut(&str), L: Log> SseSink for Router<'_, F, L> {
    fn on_event(&mut self, event: Event<'_>) {
        if self.error.is_some() || *self.done {
            return; // nothing after [DONE] or an error belongs to this completion
        }
        match decode(&event) {
            Ok(Decoded::Chunk(chunk)) => {
                let json = json_text(event.data);
                (self.on_chunk)(json);
                match self.log.get() {
                    Some(log) => {
                        log.begin_chunk(json, chunk.repeats);
                        self.accumulator.push_logged(&chunk, log)
                    }
                    None => self.accumulator.push(&chunk),
                }
            }
            Ok(Decoded::Done) => *self.done = true,
            Ok(Decoded::Skip) => {}
            Err(kind) => self.error = Some(kind),
        }
    }
}

impl ChatStream {
    /// `max_buffer_size`: the largest line or event accepted (see `SseOptions`).
    pub fn new(max_buffer_size: usize) -> Self {
        // A last event without its blank line still counts: servers and proxies cut streams that way.
        let options = SseOptions { max_buffer_size, dispatch_unterminated: true };
        ChatStream { parser: SseParser::new(options), accumulator: Accumulator::new(), done: false, failed: None }
    }

    /// Feeds one read. `on_chunk` gets each chunk as it completes, with its JSON text as sent.
    pub fn push<F: FnMut(&str)>(&mut self, bytes: &[u8], on_chunk: F) -> Result<(), StreamError> {
        self.push_with(bytes, on_chunk, NoLog)
    }

    /// `push`, recording in `log` what each chunk does to the completion.
    pub fn push_logged<F: FnMut(&str)>(
        &mut self,
        bytes: &[u8],
        on_chunk: F,
        log: &mut EventLog,
    ) -> Result<(), StreamError> {
        self.push_with(bytes, on_chunk, log)
    }

    fn push_with<F: FnMut(&str), L: Log>(&mut self, bytes: &[u8], on_chunk: F, log: L) -> Result<(), StreamError> {
        if let Some(kind) = self.failed.clone() {
            return Err(self.error(kind));
        }
        let mut router =
            Router { accumulator: &mut self.accumulator, done: &mut self.done, error: None, on_chunk, log };
        let parsed = self.parser.push(bytes, &mut router);
        let error = router.error.take().or(parsed.err().map(StreamErrorKind::Sse));
        match error {
            Some(kind) => Err(self.fail(kind)),
            None => Ok(()),
        }
    }

    /// `[DONE]` has arrived: the caller may stop reading.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The completion so far, without ending the stream.
    pub fn snapshot(&self) -> Accumulated {
        self.accumulator.snapshot(self.done)
    }

    /// Ends the stream: the completion, flagged when the stream was cut short; or the error, with the partial
    /// completion inside. Once it has returned the completion, the stream holds nothing more.
    pub fn finish<F: FnMut(&str)>(&mut self, on_chunk: F) -> Result<Accumulated, StreamError> {
        self.finish_with(on_chunk, NoLog)
    }

    /// `finish`, recording in `log` what the last chunk did and what is done at the end.
    pub fn finish_logged<F: FnMut(&str)>(
        &mut self,
        on_chunk: F,
        log: &mut EventLog,
    ) -> Result<Accumulated, StreamError> {
        self.finish_with(on_chunk, log)
    }

    fn finish_with<F: FnMut(&str), L: Log>(&mut self, on_chunk: F, mut log: L) -> Result<Accumulated, StreamError> {
        if let Some(kind) = self.failed.clone() {
            return Err(self.error(kind));
        }
        let mut router =
            Router { accumulator: &mut self.accumulator, done: &mut self.done, error: None, on_chunk, log: &mut log };
        let parsed = self.parser.finish(&mut router);
        if let Some(kind) = router.error.take().or(parsed.err().map(StreamErrorKind::Sse)) {
            return Err(self.fail(kind));
        }
        if let Some(log) = log.get() {
            self.accumulator.end_logged(log);
        }
        // The stream is over: the completion takes what was accumulated.
        Ok(std::mem::take(&mut self.accumulator).into_completion(self.done))
    }

    fn fail(&mut self, kind: StreamErrorKind) -> StreamError {
        self.failed = Some(kind.clone());
        self.error(kind)
    }

    /// The error, with the completion as far as it got.
    fn error(&self, kind: StreamErrorKind) -> StreamError {
        StreamError { kind, partial: Box::new(self.snapshot()) }
    }
}
