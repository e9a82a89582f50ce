//! The models this library knows, with what each can do. One table, read by validation and by `modelCatalog()`.
//! Model lists change often, so an id missing from here is a warning, never an error.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Thinking {
    /// Never produces reasoning_content.
    None,
    /// Thinks when `enable_thinking` is true (its default varies by model).
    Toggle,
    /// Always thinks; `enable_thinking` cannot turn it off.
    Always,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ModelInfo {
    pub id: &'static str,
    /// Reads image_url parts.
    pub vision: bool,
    /// Reads video_url parts.
    pub video: bool,
    /// Reads audio_url parts.
    pub audio: bool,
    pub thinking: Thinking,
    /// Supports function calling (`tools`).
    pub tools: bool,
    /// Honours `min_p` (Qwen3 models).
    pub min_p: bool,
    /// Honours `reasoning_effort` (DeepSeek-V4 models).
    pub reasoning_effort: bool,
    /// Needs its `reasoning_content` sent back with the assistant messages of a tool-calling turn (DeepSeek's
    /// thinking models): the tool runner keeps it there, and drops it from earlier turns and for other models.
    pub reasoning_back: bool,
    /// Tokens of context, when documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_length: Option<u32>,
}

/// Every known model, in the order the API reference lists them.
pub fn models() -> &'static [ModelInfo] {
    MODELS
}

/// The model with this id. `Pro/` copies share the capabilities of the model they copy.
pub fn find(id: &str) -> Option<&'static ModelInfo> {
    let exact = MODELS.iter().find(|m| m.id == id);
    exact.or_else(|| id.strip_prefix("Pro/").and_then(|base| MODELS.iter().find(|m| m.id == base)))
}

/// The known id closest to an unknown one (a typo, wrong case, a missing organisation).
pub fn suggest(id: &str) -> Option<&'static str> {
    let lower = id.to_ascii_lowercase();
    let by_case = MODELS.iter().find(|m| m.id.to_ascii_lowercase() == lower);
    let by_name = MODELS.iter().find(|m| m.id.rsplit('/').next().is_some_and(|name| name.eq_ignore_ascii_case(id)));
    by_case.or(by_name).map(|m| m.id).or_else(|| crate::suggest::closest(id, MODELS.iter().map(|m| m.id)))
}

const fn text(id: &'static str, thinking: Thinking, tools: bool, context: u32) -> ModelInfo {
    ModelInfo {
        id,
        vision: false,
        video: false,
        audio: false,
        thinking,
        tools,
        min_p: false,
        reasoning_effort: false,
        reasoning_back: false,
        context_length: Some(context),
    }
}

/// A DeepSeek model that thinks and calls tools: its reasoning goes back with the turn's assistant messages.
const fn deepseek_thinking(model: ModelInfo) -> ModelInfo {
    ModelInfo { reasoning_back: true, ..model }
}

/// Reads images (the API reference's VLM list).
const fn vision(model: ModelInfo) -> ModelInfo {
    ModelInfo { vision: true, ..model }
}

/// A Qwen3-family model: honours min_p.
const fn qwen3(model: ModelInfo) -> ModelInfo {
    ModelInfo { min_p: true, ..model }
}

use Thinking::{Always, None as Plain, Toggle};

const K: u32 = 1024;

// Sources: the API reference's LLM and VLM model lists and its enable_thinking list (2026); the reasoning guide
// (context of Qwen3, GLM-Z1, Hunyuan, DeepSeek-R1); the multimodal guide (Qwen3-VL reads video, Qwen3-Omni video and
// audio); the function-calling guide. Where the documentation is silent, thinking follows the model's name
// (-Thinking always thinks, -Instruct never) and context follows public model cards.
static MODELS: &[ModelInfo] = &[
    deepseek_thinking(text("deepseek-ai/DeepSeek-R1", Always, true, 160 * K)),
    text("deepseek-ai/DeepSeek-V3", Plain, true, 160 * K),
    deepseek_thinking(text("deepseek-ai/DeepSeek-V3.1", Toggle, true, 160 * K)),
    deepseek_thinking(text("deepseek-ai/DeepSeek-V3.1-Terminus", Toggle, true, 160 * K)),
    deepseek_thinking(text("deepseek-ai/DeepSeek-V3.2-Exp", Toggle, true, 160 * K)),
    deepseek_thinking(text("deepseek-ai/DeepSeek-V3.2", Toggle, true, 160 * K)),
    vision(text("deepseek-ai/deepseek-vl2", Plain, false, 4 * K)),
    ModelInfo {
        reasoning_effort: true,
        ..deepseek_thinking(text("deepseek-ai/DeepSeek-V4-Flash", Toggle, true, 1024 * K))
    },
    ModelInfo {
        reasoning_effort: true,
        ..deepseek_thinking(text("deepseek-ai/DeepSeek-V4-Pro", Toggle, true, 1024 * K))
    },
    text("nex-agi/DeepSeek-V3.1-Nex-N1", Plain, true, 128 * K),
    text("baidu/ERNIE-4.5-300B-A47B", Plain, true, 128 * K),
    text("THUDM/GLM-4-32B-0414", Plain, true, 32 * K),
    text("THUDM/GLM-4-9B-0414", Plain, true, 32 * K),
    text("zai-org/GLM-4.5", Plain, true, 128 * K),
    text("zai-org/GLM-4.5-Air", Plain, true, 128 * K),
    vision(text("zai-org/GLM-4.5V", Toggle, true, 64 * K)),
    text("zai-org/GLM-5", Toggle, true, 200 * K),
    text("zai-org/GLM-5.1", Toggle, true, 200 * K),
    text("zai-org/GLM-4.7", Toggle, true, 200 * K),
    text("zai-org/GLM-4.6", Toggle, true, 200 * K),
    vision(text("zai-org/GLM-4.6V", Toggle, true, 128 * K)),
    vision(text("zai-org/GLM-5V-Turbo", Toggle, true, 200 * K)),
    text("THUDM/GLM-Z1-32B-0414", Always, true, 128 * K),
    text("THUDM/GLM-Z1-9B-0414", Always, true, 128 * K),
    text("tencent/Hunyuan-A13B-Instruct", Toggle, true, 128 * K),
    text("tencent/Hunyuan-MT-7B", Plain, false, 32 * K),
    text("tencent/Hy3-preview", Toggle, true, 256 * K),
    text("moonshotai/Kimi-K2.5", Always, true, 256 * K),
    text("moonshotai/Kimi-K2.6", Always, true, 256 * K),
    text("moonshotai/Kimi-K2-Instruct", Plain, true, 128 * K),
    text("moonshotai/Kimi-K2-Instruct-0905", Plain, true, 256 * K),
    text("moonshotai/Kimi-K2-Thinking", Always, true, 256 * K),
    text("inclusionAI/Ling-flash-2.0", Plain, true, 128 * K),
    text("inclusionAI/Ling-mini-2.0", Plain, true, 128 * K),
    text("inclusionAI/Ring-flash-2.0", Always, true, 128 * K),
    text("meta-llama/Meta-Llama-3.1-8B-Instruct", Plain, true, 32 * K),
    text("MiniMaxAI/MiniMax-M2.5", Always, true, 192 * K),
    text("MiniMaxAI/MiniMax-M2.1", Always, true, 192 * K),
    text("Qwen/Qwen2.5-14B-Instruct", Plain, true, 32 * K),
    text("Qwen/Qwen2.5-32B-Instruct", Plain, true, 32 * K),
    text("Qwen/Qwen2.5-72B-Instruct", Plain, true, 32 * K),
    text("Qwen/Qwen2.5-72B-Instruct-128K", Plain, true, 128 * K),
    text("Qwen/Qwen2.5-7B-Instruct", Plain, true, 32 * K),
    vision(text("Qwen/Qwen2.5-VL-7B-Instruct", Plain, false, 32 * K)),
    qwen3(text("Qwen/Qwen3-8B", Toggle, true, 128 * K)),
    qwen3(text("Qwen/Qwen3-14B", Toggle, true, 128 * K)),
    qwen3(text("Qwen/Qwen3-32B", Toggle, true, 128 * K)),
    qwen3(text("Qwen/Qwen3-30B-A3B", Toggle, true, 128 * K)),
    qwen3(text("Qwen/Qwen3-235B-A22B", Toggle, true, 128 * K)),
    qwen3(text("Qwen/Qwen3-235B-A22B-Instruct-2507", Plain, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-235B-A22B-Thinking-2507", Always, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-30B-A3B-Instruct-2507", Plain, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-30B-A3B-Thinking-2507", Always, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-Coder-30B-A3B-Instruct", Plain, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-Coder-480B-A35B-Instruct", Plain, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-Next-80B-A3B-Instruct", Plain, true, 256 * K)),
    qwen3(text("Qwen/Qwen3-Next-80B-A3B-Thinking", Always, true, 256 * K)),
    ModelInfo {
        video: true,
        audio: true,
        ..vision(qwen3(text("Qwen/Qwen3-Omni-30B-A3B-Instruct", Plain, false, 64 * K)))
    },
    ModelInfo {
        video: true,
        audio: true,
        ..vision(qwen3(text("Qwen/Qwen3-Omni-30B-A3B-Thinking", Always, false, 64 * K)))
    },
    ModelInfo { audio: true, ..qwen3(text("Qwen/Qwen3-Omni-30B-A3B-Captioner", Plain, false, 64 * K)) },
    qwen3(text("Qwen/Qwen3.5-122B-A10B", Toggle, true, 256 * K)),
    qwen3(text("Qwen/Qwen3.5-27B", Toggle, true, 256 * K)),
    qwen3(text("Qwen/Qwen3.5-35B-A3B", Toggle, true, 256 * K)),
    qwen3(text("Qwen/Qwen3.5-397B-A17B", Toggle, true, 256 * K)),
    qwen3(text("Qwen/Qwen3.5-9B", Toggle, true, 256 * K)),
    qwen3(text("Qwen/Qwen3.6-27B", Toggle, true, 256 * K)),
    qwen3(text("Qwen/Qwen3.6-35B-A3B", Toggle, true, 256 * K)),
    text("ByteDance-Seed/Seed-OSS-36B-Instruct", Plain, true, 256 * K),
    text("google/gemma-4-26B-A4B-it", Plain, true, 256 * K),
    text("google/gemma-4-31B-it", Plain, true, 256 * K),
    text("openai/gpt-oss-120b", Always, true, 128 * K),
    text("openai/gpt-oss-20b", Always, true, 128 * K),
    // The VLM list: Qwen3-VL reads images and video; the VLM request schema has no tools.
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-8B-Instruct", Plain, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-8B-Thinking", Always, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-32B-Instruct", Plain, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-32B-Thinking", Always, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-30B-A3B-Instruct", Plain, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-30B-A3B-Thinking", Always, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-235B-A22B-Instruct", Plain, false, 256 * K))) },
    ModelInfo { video: true, ..vision(qwen3(text("Qwen/Qwen3-VL-235B-A22B-Thinking", Always, false, 256 * K))) },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        for (i, m) in MODELS.iter().enumerate() {
            assert!(m.id.contains('/') && !m.id.starts_with("Pro/"), "{}", m.id);
            assert!(MODELS[..i].iter().all(|o| o.id != m.id), "duplicate {}", m.id);
        }
    }

    #[test]
    fn pro_copies_share_capabilities_and_typos_get_suggestions() {
        assert_eq!(find("Pro/deepseek-ai/DeepSeek-V3.2").map(|m| m.id), Some("deepseek-ai/DeepSeek-V3.2"));
        assert_eq!(find("Pro/unknown/Model"), None);
        assert_eq!(suggest("qwen/qwen3-8b"), Some("Qwen/Qwen3-8B"));
        assert_eq!(suggest("DeepSeek-R1"), Some("deepseek-ai/DeepSeek-R1"));
        assert_eq!(suggest("Qwen/Qwen3-8"), Some("Qwen/Qwen3-8B"));
        assert_eq!(suggest("wen/Qwen3-30B-A3B"), Some("Qwen/Qwen3-30B-A3B"));
        assert_eq!(suggest("completely/different-thing"), None);
    }

    #[test]
    fn the_seed_thinking_list_is_switchable() {
        for id in [
            "Qwen/Qwen3-8B",
            "Qwen/Qwen3-14B",
            "Qwen/Qwen3-32B",
            "Qwen/Qwen3-30B-A3B",
            "Qwen/Qwen3-235B-A22B",
            "tencent/Hunyuan-A13B-Instruct",
            "zai-org/GLM-5V-Turbo",
            "zai-org/GLM-4.6V",
            "zai-org/GLM-4.5V",
            "deepseek-ai/DeepSeek-V3.1",
            "deepseek-ai/DeepSeek-V3.1-Terminus",
            "deepseek-ai/DeepSeek-V3.2-Exp",
            "deepseek-ai/DeepSeek-V3.2",
        ] {
            assert_eq!(find(id).map(|m| m.thinking), Some(Toggle), "{id}");
        }
    }
}
