// Node ESM and Deno: `node main.mjs <baseURL> <key>` prints the call's result as JSON.
import { oneCall } from "../call.mjs";

const [baseURL, apiKey] = (globalThis.Deno?.args ?? process.argv.slice(2));
console.log(JSON.stringify(await oneCall(baseURL, apiKey)));
