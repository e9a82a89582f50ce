// What every scratch app does with the installed package: validate, stream a completion from the mock, and
// accumulate it; then the chat runtime, which loads on first use (its own wasm in browsers): stream events and a
// tool run. No init call, no configuration: the import is all.
import { Conversation, SiliconFlow, modelCatalog, validateRequest } from "siliconflow-wasm";
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
  let deltas = "";
  const events = client.chat.completions.stream({ ...request, stream: undefined });
  events.on("content.delta", (event) => (deltas += event.delta));
  await events.done();
  const weather = {
    type: "function",
    function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
  };
  const runner = client.chat.completions.runTools({
    ...request,
    stream: true,
    tools: [{ ...weather, function: { ...weather.function, function: ({ city }) => `sunny in ${city}` } }],
  });
  const answer = await runner.finalContent();
  const conversation = new Conversation(client, { model: request.model });
  await conversation.send("hello");
  return {
    chunks,
    streamed,
    content: final.choices[0].message.content,
    requestId: stream.requestId,
    issues: validateRequest({ model: "Qwen/Qwen3-8B", messages: [] }).map((i) => i.code),
    models: modelCatalog().length,
    fields: requestFields.filter((f) => f.required).map((f) => f.name),
    deltas,
    toolMessages: runner.messages.filter((m) => m.role === "tool").map((m) => m.content),
    answer,
    conversation: conversation.messages.map((m) => m.role),
  };
}
