//! Prints the TypeScript declarations of the wire types, generated from the Rust types themselves (the package's
//! `dist/types.d.ts`): `cargo run --example typescript --features typescript`.

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
    declare!(
        serde_json::Value,
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
    print!("{}", out.trim_end());
    println!();
}
