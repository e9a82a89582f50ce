//! JSON without a JSON library in the wasm: requests arrive as JS values (converted to [`Value`] by the binding
//! layer), responses are read by the [`scan`] reader straight from their text, and what goes back to JS is written
//! by [`write`] and parsed there by `JSON.parse`. No float is ever parsed here (the JS engine reads numbers; the
//! reader keeps unknown ones as text), and the few written are laid out as JavaScript writes them (`number`).

mod batch;
mod escape;
pub mod partial;
mod raw;
pub mod scan;
mod value;
pub mod write;

pub use batch::JsonBatch;
pub use partial::PartialJson;
pub use raw::Raw;
pub use scan::{JsonError, Scanner, Str};
pub use value::{Map, Members, Value};
pub use write::to_string;
