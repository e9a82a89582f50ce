//! JSON without a JSON library in the wasm: requests arrive as JS values (converted to [`Value`] by the binding
//! layer), responses are read by the [`scan`] reader straight from their text, and what goes back to JS is written
//! by [`write`] and parsed there by `JSON.parse`. No float is parsed or printed here: the JS engine does both.

mod raw;
pub mod scan;
mod value;
pub mod write;

pub use raw::Raw;
pub use scan::{JsonError, Scanner, Str};
pub use value::{Map, Value};
pub use write::to_string;
