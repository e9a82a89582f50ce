// The model list `GET /v1/models` answers with: real SiliconFlow ids, filterable by type and sub_type.

const MODELS = [
  ["Qwen/Qwen3-8B", "text", "chat"],
  ["Qwen/Qwen3-32B", "text", "chat"],
  ["Qwen/Qwen2.5-72B-Instruct", "text", "chat"],
  ["Qwen/QwQ-32B", "text", "chat"],
  ["Qwen/Qwen2.5-VL-72B-Instruct", "text", "chat"],
  ["deepseek-ai/DeepSeek-V3", "text", "chat"],
  ["deepseek-ai/DeepSeek-R1", "text", "chat"],
  ["deepseek-ai/DeepSeek-V3.1", "text", "chat"],
  ["zai-org/GLM-4.6", "text", "chat"],
  ["BAAI/bge-m3", "text", "embedding"],
  ["Qwen/Qwen3-Embedding-8B", "text", "embedding"],
  ["BAAI/bge-reranker-v2-m3", "text", "reranker"],
  ["black-forest-labs/FLUX.1-schnell", "image", "text-to-image"],
  ["Kwai-Kolors/Kolors", "image", "text-to-image"],
  ["FunAudioLLM/CosyVoice2-0.5B", "audio", "text-to-speech"],
  ["FunAudioLLM/SenseVoiceSmall", "audio", "speech-to-text"],
  ["Wan-AI/Wan2.2-T2V-A14B", "video", "text-to-video"],
];

/** The `/v1/models` body for the given `type` and `sub_type` (empty or null: no filter; unknown: no models). */
export function listModels({ type, subType } = {}) {
  const data = MODELS.filter(([, t, s]) => (!type || t === type) && (!subType || s === subType)).map(([id]) => ({
    id,
    object: "model",
    created: 0,
    owned_by: "",
  }));
  return { object: "list", data };
}
