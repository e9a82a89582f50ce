// A Worker using the installed package: answers every request with the call's result as JSON.
import { oneCall } from "../call.mjs";

export default {
  async fetch(_request, env) {
    return Response.json(await oneCall(env.BASE_URL, env.API_KEY));
  },
};
