// The example Worker: every request goes through the package's proxyRequest, which checks it (origin, size, JSON,
// validation, the policy below) before adding the key and streaming SiliconFlow's answer back.
import { proxyRequest } from "siliconflow-wasm";

export default {
  fetch(request, env) {
    return proxyRequest(request, {
      apiKey: env.SILICONFLOW_API_KEY, // a secret: wrangler secret put SILICONFLOW_API_KEY (locally: .dev.vars)
      baseURL: env.SILICONFLOW_BASE_URL || undefined,
      allowedModels: env.ALLOWED_MODELS,
      allowedOrigins: env.ALLOWED_ORIGINS,
      maxTokens: env.MAX_TOKENS || undefined,
      maxN: env.MAX_N || undefined,
      allowFields: env.ALLOW_FIELDS || undefined,
    });
  },
};
