//! Prints the package's `modelCatalog` module (`dist/model-catalog.js`, or its declarations with `dts`) from the
//! model table (`src/catalog.rs`): the catalog is data, so it ships as a JavaScript module that only the apps
//! calling `modelCatalog()` load, not as code in every app's wasm.
//!
//! `cargo run --example model_catalog -- js|dts`

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    const HEADER: &str =
        "// Generated from the model table (src/catalog.rs) by examples/model_catalog.rs: do not edit.";
    match std::env::args().nth(1).as_deref() {
        Some("js") => {
            let models = serde_json::to_string_pretty(siliconflow_wasm::catalog::models()).unwrap();
            println!("{HEADER}\nconst MODELS = {models};\n");
            println!(
                "/** The known models and their capabilities: new objects at each call, for the caller to keep. */"
            );
            println!("export function modelCatalog() {{\n  return MODELS.map((model) => ({{ ...model }}));\n}}");
        }
        Some("dts") => {
            println!("{HEADER}\nimport type {{ ModelInfo }} from \"./types\";\n");
            println!("/** The known models and their capabilities. */");
            println!("export declare function modelCatalog(): ModelInfo[];");
        }
        _ => {
            eprintln!("usage: model_catalog js|dts");
            std::process::exit(2);
        }
    }
}
