// What every scratch app does with the installed package: validate, stream a completion from the mock, and
// accumulate it. No init call, no configuration: the import is all.
import { SiliconFlow, modelCatalog, validateRequest } from "siliconflow-wasm";
import { requestFields } from "siliconflow-wasm/request-fields";

export async function oneCall(baseURL, apiKey) {
  const request = { model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "Why is the sky blue?" }], stream: true };
  const client = new SiliconFlow({ apiKey, baseURL, maxRetries: 0 });
  const stream = await client.chat.completions.create(request);
  let streamed = "";
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    streamed += chunk.choices[0]?.delta?.content ?? "";
  }
  const final = await stream.finalChatCompletion();
  return {
    chunks,
    streamed,
    content: final.choices[0].message.content,
    requestId: stream.requestId,
    issues: validateRequest({ model: "Qwen/Qwen3-8B", messages: [] }).map((i) => i.code),
    models: modelCatalog().length,
    fields: requestFields.filter((f) => f.required).map((f) => f.name),
  };
}
