// A typical program, type-checked against the package's declarations (tsc --noEmit): it must compile as is, and
// each @ts-expect-error line must be an error.
import SiliconFlowDefault, {
  buildRequest,
  completionToMessage,
  Conversation,
  ChatCompletionRunner,
  type ConversationState,
  type Message,
  type OutputValidationError,
  type RunnableTool,
  type StreamEvent,
  type ToolRunError,
  modelCatalog,
  proxyRequest,
  SiliconFlow,
  SseParser,
  validateRequest,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type Issue,
  type SiliconFlowError,
} from "siliconflow-wasm";
import { requestFields, type RequestField } from "siliconflow-wasm/request-fields";

const client = new SiliconFlow({ apiKey: "sk-…", maxRetries: 1, idleTimeout: 30_000 });
const same: SiliconFlow = new SiliconFlowDefault();

const request: ChatCompletionRequest = {
  model: "Qwen/Qwen3-8B",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "What is in this image?" }, { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } }] },
  ],
  enable_thinking: true,
  thinking_budget: 1024,
  stop: ["###"],
  response_format: { type: "json_object" },
  tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
  tool_choice: "auto",
  seed: 7, // fields the types do not name still pass
};

async function main(): Promise<void> {
  const completion: ChatCompletion = await client.chat.completions.create({ ...request, stream: false });
  const first = completion.choices[0];
  const text: string | null = first.message.content;
  const reasoning: string | null | undefined = first.message.reasoning_content;
  const calls = first.message.tool_calls ?? [];
  for (const call of calls) JSON.parse(call.function.arguments);
  const tokens: number | undefined = completion.usage?.completion_tokens_details?.reasoning_tokens ?? undefined;
  console.log(text, reasoning, tokens, completion.usage?.total_tokens);

  const controller = new AbortController();
  const stream = await client.chat.completions.create({ ...request, stream: true }, { signal: controller.signal });
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    const piece: string = delta?.reasoning_content ?? delta?.content ?? "";
    console.log(piece, chunk.usage?.total_tokens);
  }
  const final: ChatCompletion = await stream.finalChatCompletion();
  console.log(final.id, stream.requestId, stream.complete);
  const body: ReadableStream<Uint8Array> = (await client.chat.completions.create({ ...request, stream: true })).toReadableStream();
  console.log(body);

  try {
    await client.chat.completions.create({ model: "Qwen/Qwen3-8B", messages: [] });
  } catch (caught) {
    const error = caught as SiliconFlowError;
    switch (error.name) {
      case "ValidationError":
        console.log(error.issues.map((issue: Issue) => `${issue.path}: ${issue.message} (${issue.code}, ${issue.severity})`));
        break;
      case "APIError":
        console.log(error.status, error.code, error.requestId, error.retryable);
        // Only when the server said how long to wait.
        const wait: number | undefined = error.retryAfterMs;
        console.log(wait === undefined ? "try again later" : `try again in ${Math.ceil(wait / 1000)} s`);
        break;
      case "TimeoutError":
        console.log(error.timeout, error.partial?.choices[0]?.message.content);
        break;
      case "StreamError":
        console.log(error.code, error.partial);
        break;
      default:
        console.log(error.name, error.message);
    }
  }

  const models = await client.models.list({ type: "text", sub_type: "chat" });
  console.log(models.data.map((m) => m.id));
  const catalog = modelCatalog().filter((m) => m.thinking === "toggle" && m.vision);
  console.log(catalog.map((m) => m.context_length));
  const issues: Issue[] = validateRequest({ model: "x" });
  console.log(issues, buildRequest(request).model);

  const parser = new SseParser({ maxBufferSize: 1 << 20 });
  for (const event of parser.push(new Uint8Array([100, 97, 116, 97]))) console.log(event.data, event.event, event.id);
  const response: Response = await proxyRequest(new Request("https://edge.example/v1/chat/completions"), {
    apiKey: "sk-…",
    allowedModels: ["Qwen/Qwen3-8B"],
  });
  console.log(response.status, same);

  // A form from the request table: numbers with their ranges, choices with their labels.
  const numeric: RequestField[] = requestFields.filter((f) => f.input === "number" && !f.ignored);
  for (const f of numeric) console.log(f.name, f.range?.min ?? "unbounded", f.default ?? "model default");
  const labels: string[] = requestFields.flatMap((f) => (f.choices ?? []).map(([, label]) => label));
  console.log(labels);

  // The chat runtime: stream events with typed payloads.
  interface Forecast {
    city: string;
    days: Array<{ day: string; high: number }>;
  }
  const forecastFormat = {
    type: "json_schema" as const,
    json_schema: { name: "forecast", schema: { type: "object", properties: { city: { type: "string" } } } },
  };
  const live = client.chat.completions.stream<Forecast>({ ...request, response_format: forecastFormat });
  live
    .on("content.delta", ({ delta, snapshot, parsed }) => console.log(delta.length, snapshot, parsed?.city))
    .on("reasoning.delta", ({ delta }) => console.log(delta))
    .on("tool_calls.function.arguments.delta", (e) => console.log(e.index, e.name, e.arguments_delta, e.parsed_arguments))
    .on("usage", (usage) => console.log(usage.total_tokens))
    .on("error", (error: SiliconFlowError) => console.log(error.name));
  for await (const event of live.events()) {
    if (event.type === "content.delta") console.log(event.delta, event.parsed?.days);
    if (event.type === "chunk") console.log(event.chunk.id, event.snapshot.model);
  }
  const typedEvent: StreamEvent<Forecast> = { type: "end" };
  const streamed = await live.finalChatCompletion();
  const parsedCity: string | undefined = streamed.choices[0]?.message.parsed?.city;
  console.log(typedEvent, parsedCity, live.currentSnapshot()?.id);

  // parse() with a schema: message.parsed is the type asked for.
  try {
    const parsed = await client.chat.completions.parse<Forecast>({ ...request, response_format: forecastFormat }, { maxRepairs: 2 });
    const days: Forecast["days"] | undefined = parsed.choices[0]?.message.parsed?.days;
    console.log(days, parsed.usage?.total_tokens);
  } catch (caught) {
    const error = caught as OutputValidationError;
    console.log(error.issues.map((i) => i.path), error.content, error.partial?.id);
  }

  // A typed tool: its function gets its arguments' type and the run's signal.
  const weather: RunnableTool<{ city: string; unit?: "celsius" | "fahrenheit" }> = {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      function: async ({ city, unit }, { signal }) => ({ city, unit, aborted: signal.aborted }),
    },
  };
  const runner: ChatCompletionRunner = client.chat.completions.runTools({ ...request, tools: [weather] }, { maxSteps: 4 });
  runner.on("functionToolCall", (call) => console.log(call.name, call.arguments)).on("message", (m: Message) => console.log(m.role));
  try {
    console.log(await runner.finalContent(), runner.messages.length, (await runner.totalUsage())?.total_tokens);
  } catch (caught) {
    const error = caught as ToolRunError;
    console.log(error.code, error.messages.length);
  }
  const next: Message = completionToMessage(streamed);
  const conversation = new Conversation(client, { model: "Qwen/Qwen3-8B", system: "Be brief.", tools: [weather] });
  const unsubscribe = conversation.subscribe((state: ConversationState) => console.log(state.status, state.messages.length));
  await conversation.send("hello");
  unsubscribe();
  console.log(next, conversation.getSnapshot().status);

  // @ts-expect-error: an event the stream does not have
  live.on("contnet.delta", () => {});
  // @ts-expect-error: a tool's function gets its declared arguments
  const badTool: RunnableTool<{ city: string }> = { type: "function", function: { name: "x", function: (args: { town: number }) => args } };
  console.log(badTool);

  // @ts-expect-error: a stream is not a completion
  const wrong: ChatCompletion = await client.chat.completions.create({ ...request, stream: true });
  // @ts-expect-error: roles are a closed set
  const badRole: ChatCompletionRequest = { model: "m", messages: [{ role: "robot", content: "hi" }] };
  // @ts-expect-error: chunks are not completions
  const chunkAsCompletion: ChatCompletion = {} as ChatCompletionChunk;
  // @ts-expect-error: an input kind the table does not have
  const slider: RequestField["input"] = "slider";
  console.log(wrong, badRole, chunkAsCompletion, slider);
}

void main();
