//! Seeded SiliconFlow-style chat streams of any size, with the completion each must accumulate to.
//!
//! The framing follows recorded traffic: usage on every chunk (cumulative), `content` and `reasoning_content` both
//! present with the inactive one null, role on the first delta (or on every delta), a final chunk with empty
//! content and the finish_reason, then `data: [DONE]`. Quirks seen in the wild can be switched on. The expected
//! completion is built here by plain concatenation, independently of the library's accumulator.

use serde_json::{json, Value};

use super::rng::SplitMix;

#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    /// Approximate size of the stream in bytes.
    pub bytes: usize,
    /// Choices per request (`n`).
    pub choices: u32,
    /// Share of each choice spent on reasoning_content, in percent (0 for a model that does not think).
    pub reasoning_percent: u64,
    /// Tool calls made by each choice after its content.
    pub tool_calls: usize,
    /// Role on every delta (DeepSeek-R1 does this) instead of on the first only.
    pub role_every_delta: bool,
    /// CRLF line ends instead of LF.
    pub crlf: bool,
    /// A `: keep-alive` comment every this many chunks.
    pub keepalive_every: Option<usize>,
    /// A usage-only `choices: []` chunk every this many chunks.
    pub empty_choices_every: Option<usize>,
    /// `"finish_reason": ""` instead of null mid-stream.
    pub empty_finish_reason: bool,
}

impl Spec {
    /// A realistic stream: thinking, then the answer, then two tool calls.
    pub fn realistic(seed: u64, bytes: usize) -> Spec {
        Spec {
            seed,
            bytes,
            choices: 1,
            reasoning_percent: 35,
            tool_calls: 2,
            role_every_delta: false,
            crlf: false,
            keepalive_every: None,
            empty_choices_every: None,
            empty_finish_reason: false,
        }
    }
}

pub struct Generated {
    pub sse: Vec<u8>,
    /// The non-streaming response the stream stands for.
    pub expected: Value,
    pub chunks: usize,
}

const WORDS: &[&str] = &[
    "天空",
    "之所以",
    "是蓝色的，",
    "因为",
    "瑞利散射",
    "。",
    "太阳光",
    "进入大气层",
    "后，",
    "短波长的",
    "蓝光",
    "被散射得更多",
    "The",
    " sky",
    " looks",
    " blue",
    " because",
    " of",
    " Rayleigh",
    " scattering",
    ".",
    "\n\n",
    " 🙂",
    " \"quoted\"",
    " back\\slash",
    " λ⁻⁴",
    "\n- ",
    "**",
    "1.",
    " 日落时",
    "红色",
    "更明显",
    " 😀🚀",
];

const TOOLS: &[(&str, &str)] = &[
    ("get_current_weather", r#"{"location": "北京市海淀区", "unit": "celsius", "days": 3}"#),
    ("search_web", r#"{"query": "rayleigh scattering wavelength dependence", "top_k": 5}"#),
    ("run_code", r#"{"language": "python", "code": "print(\"你好\")\nfor i in range(3):\n    print(i)"}"#),
];

struct ChoiceState {
    content: String,
    reasoning: String,
    calls: Vec<(String, String, String)>,
}

pub fn generate(spec: &Spec) -> Generated {
    let mut rng = SplitMix(spec.seed);
    let id = format!("{:016x}{:016x}", rng.next(), rng.next());
    let created = 1_768_000_000 + rng.below(10_000_000);
    let model = if spec.reasoning_percent > 0 { "deepseek-ai/DeepSeek-V3.2" } else { "Qwen/Qwen2.5-72B-Instruct" };
    let prompt_tokens = 20 + rng.below(500);
    let eol = if spec.crlf { "\r\n" } else { "\n" };

    let mut out = String::with_capacity(spec.bytes + 4096);
    let mut completion_tokens = 0u64;
    let mut reasoning_tokens = 0u64;
    let mut chunks = 0usize;
    let mut states: Vec<ChoiceState> = (0..spec.choices)
        .map(|_| ChoiceState { content: String::new(), reasoning: String::new(), calls: Vec::new() })
        .collect();

    let usage = |completion: u64, reasoning: u64| {
        let mut u = json!({
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": prompt_tokens + completion
        });
        if reasoning > 0 {
            u["completion_tokens_details"] = json!({"reasoning_tokens": reasoning});
        }
        u
    };
    let mid_finish = if spec.empty_finish_reason { "\"\"" } else { "null" };

    // Writes one chunk with the given choices JSON (already serialized).
    let emit = |out: &mut String, choices: &str, usage: &Value, chunks: &mut usize| {
        out.push_str(&format!(
            "data: {{\"id\":\"{id}\",\"object\":\"chat.completion.chunk\",\"created\":{created},\"model\":\"{model}\",\
             \"choices\":[{choices}],\"system_fingerprint\":\"\",\"usage\":{usage}}}{eol}{eol}"
        ));
        *chunks += 1;
        if let Some(every) = spec.keepalive_every {
            if *chunks % every == 0 {
                out.push_str(&format!(": keep-alive{eol}{eol}"));
            }
        }
        if let Some(every) = spec.empty_choices_every {
            if *chunks % every == 0 {
                out.push_str(&format!(
                    "data: {{\"id\":\"{id}\",\"object\":\"chat.completion.chunk\",\"created\":{created},\
                     \"model\":\"{model}\",\"choices\":[],\"system_fingerprint\":\"\",\"usage\":{usage}}}{eol}{eol}"
                ));
            }
        }
    };
    let role = |first: bool| if first || spec.role_every_delta { ",\"role\":\"assistant\"" } else { "" };
    let text = |s: &str| serde_json::to_string(s).unwrap();

    // Opening delta of each choice.
    for index in 0..spec.choices {
        let delta = if spec.reasoning_percent > 0 {
            format!("{{\"content\":null,\"reasoning_content\":\"\"{}}}", role(true))
        } else {
            format!("{{\"content\":\"\",\"reasoning_content\":null{}}}", role(true))
        };
        emit(
            &mut out,
            &format!("{{\"index\":{index},\"delta\":{delta},\"finish_reason\":{mid_finish}}}"),
            &usage(0, 0),
            &mut chunks,
        );
    }

    let reasoning_until = spec.bytes * spec.reasoning_percent as usize / 100;
    let text_until = spec.bytes.saturating_sub(600 * spec.tool_calls * spec.choices as usize);
    let mut index = 0u32;
    while out.len() < text_until {
        let mut piece = String::new();
        for _ in 0..1 + rng.below(3) {
            let word = rng.pick(WORDS);
            piece.push_str(word);
        }
        let thinking = out.len() < reasoning_until;
        completion_tokens += 1;
        let state = &mut states[index as usize];
        let delta = if thinking {
            reasoning_tokens += 1;
            state.reasoning.push_str(&piece);
            format!("{{\"content\":null,\"reasoning_content\":{}{}}}", text(&piece), role(false))
        } else {
            state.content.push_str(&piece);
            format!("{{\"content\":{},\"reasoning_content\":null{}}}", text(&piece), role(false))
        };
        let choice = format!("{{\"index\":{index},\"delta\":{delta},\"finish_reason\":{mid_finish}}}");
        emit(&mut out, &choice, &usage(completion_tokens, reasoning_tokens), &mut chunks);
        index = (index + 1) % spec.choices;
    }

    for index in 0..spec.choices {
        for call in 0..spec.tool_calls {
            let (name, args) = rng.pick(TOOLS);
            let call_id = format!("{:016x}{:016x}", rng.next(), rng.next());
            completion_tokens += 1;
            let head = format!(
                "{{\"index\":{index},\"delta\":{{\"content\":null,\"reasoning_content\":null,\"tool_calls\":[{{\
                 \"index\":{call},\"id\":\"{call_id}\",\"type\":\"function\",\
                 \"function\":{{\"name\":\"{name}\",\"arguments\":\"\"}}}}]}},\"finish_reason\":{mid_finish}}}"
            );
            emit(&mut out, &head, &usage(completion_tokens, reasoning_tokens), &mut chunks);
            let chars: Vec<char> = args.chars().collect();
            let mut at = 0;
            while at < chars.len() {
                let take = (1 + rng.below(8) as usize).min(chars.len() - at);
                let fragment: String = chars[at..at + take].iter().collect();
                at += take;
                completion_tokens += 1;
                let piece = format!(
                    "{{\"index\":{index},\"delta\":{{\"content\":null,\"reasoning_content\":null,\
                     \"tool_calls\":[{{\"index\":{call},\"function\":{{\"arguments\":{}}}}}]}},\
                     \"finish_reason\":{mid_finish}}}",
                    text(&fragment)
                );
                emit(&mut out, &piece, &usage(completion_tokens, reasoning_tokens), &mut chunks);
            }
            states[index as usize].calls.push((call_id, name.to_string(), args.to_string()));
        }
    }

    for index in 0..spec.choices {
        let reason = if spec.tool_calls > 0 { "tool_calls" } else { "stop" };
        let last = format!(
            "{{\"index\":{index},\"delta\":{{\"content\":\"\",\"reasoning_content\":null}},\
             \"finish_reason\":\"{reason}\"}}"
        );
        emit(&mut out, &last, &usage(completion_tokens, reasoning_tokens), &mut chunks);
    }
    out.push_str(&format!("data: [DONE]{eol}{eol}"));

    let choices: Vec<Value> = states
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let mut message = json!({"role": "assistant", "content": s.content});
            if spec.reasoning_percent > 0 {
                message["reasoning_content"] = json!(s.reasoning);
            }
            if !s.calls.is_empty() {
                message["tool_calls"] = s
                    .calls
                    .into_iter()
                    .map(|(id, name, args)| {
                        json!({"id": id, "type": "function", "function": {"name": name, "arguments": args}})
                    })
                    .collect();
            }
            let reason = if spec.tool_calls > 0 { "tool_calls" } else { "stop" };
            json!({"index": i, "message": message, "finish_reason": reason})
        })
        .collect();
    let expected = json!({
        "id": id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": choices,
        "usage": usage(completion_tokens, reasoning_tokens),
        "system_fingerprint": "",
    });
    Generated { sse: out.into_bytes(), expected, chunks }
}
