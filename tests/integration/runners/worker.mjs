// A Worker (workerd, run by miniflare) that runs the integration suite: GET /?only=<substring> runs it against
// env.MOCK_URL and answers with the results as JSON.
//
// No unhandled-rejection check here, unlike the other runtimes: workerd itself reports one whenever a fetch
// response body ends in an error (a dropped connection, an abort), even for a plain fetch + reader.read() loop
// that handles every promise it sees, so the check would only measure workerd.
import * as api from "../../../pkg/worker.js";
import { runSuite } from "../suite.mjs";

export default {
  async fetch(request, env) {
    const only = new URL(request.url).searchParams.get("only") || undefined;
    return Response.json(await runSuite({ api, mockUrl: env.MOCK_URL, only }));
  },
};
