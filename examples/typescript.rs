//! Prints the TypeScript declarations generated from the Rust types themselves (the package's `dist/types.d.ts`):
//! the wire types, then the options objects and errors of the JS API (`surface`):
//! `cargo run --example typescript --features typescript`.

use siliconflow_wasm::catalog::{ModelInfo, Thinking};
use siliconflow_wasm::types::*;
use siliconflow_wasm::validate::{Issue, IssueCode, Severity};
use ts_rs::{Config, TS};

fn main() {
    // JSON numbers are JS numbers, whatever their Rust width.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from("// Generated from the Rust types by examples/typescript.rs: do not edit.\n\n");
    macro_rules! declare {
        ($($t:ty),* $(,)?) => {$(
            out.push_str(&format!("export {}\n\n", <$t as TS>::decl(&cfg)));
        )*};
    }
    // Any JSON value (JSON Schemas, kept members).
    out.push_str(concat!(
        "export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | ",
        "null;\n\n"
    ));
    declare!(
        ChatCompletionRequest,
        Message,
        Content,
        ContentPart,
        ImageUrl,
        ImageDetail,
        VideoUrl,
        AudioUrl,
        Stop,
        ReasoningEffort,
        ResponseFormat,
        JsonSchemaFormat,
        Tool,
        ToolType,
        FunctionDefinition,
        ToolChoice,
        ToolChoiceMode,
        NamedToolChoice,
        NamedFunction,
        ToolCall,
        FunctionCall,
        ChatCompletion,
        Choice,
        ResponseMessage,
        Usage,
        CompletionTokensDetails,
        PromptTokensDetails,
        ChatCompletionChunk,
        ChunkChoice,
        Delta,
        ToolCallDelta,
        FunctionCallDelta,
        ModelList,
        Model,
        Issue,
        IssueCode,
        Severity,
        ModelInfo,
        Thinking,
    );
    out.push_str(&siliconflow_wasm::surface::typescript::declarations());
    print!("{}", out.trim_end());
    println!();
}
