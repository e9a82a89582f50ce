//! The JavaScript API's own shapes, as data: the options objects it reads and the errors it throws. The binding
//! layer reads options and builds errors through these tables, and the TypeScript declarations are printed from
//! them (`typescript.rs`), so the declarations cannot drift from what the code accepts and throws.

pub mod errors;
pub mod options;
#[cfg(not(target_arch = "wasm32"))]
pub mod typescript;
