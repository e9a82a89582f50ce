// Unhandled promise rejections during the suite are a failure in every runtime (Node and Deno exit on them by
// default, browsers log them), reported as one extra result so the cases' own results still come back.
//
//   const finish = trackRejections((note) => process.on("unhandledRejection", note));
//   const results = await finish(await runSuite(...));
export const REJECTIONS_CASE = "(harness) no unhandled promise rejections during the suite";

function describe(reason) {
  if (reason instanceof Error) return String(reason.stack ?? reason);
  if (typeof Event === "function" && reason instanceof Event) {
    const why = reason.target?.reason;
    return `a "${reason.type}" Event (not an Error)${why === undefined ? "" : `; its target's reason: ${describe(why)}`}`;
  }
  try {
    return `${typeof reason}: ${JSON.stringify(reason) ?? String(reason)}`;
  } catch {
    return String(reason);
  }
}

/** `install(note)` hooks the runtime's unhandled-rejection event to call note(reason). */
export function trackRejections(install) {
  const seen = [];
  install((reason) => seen.push(describe(reason)));
  return async (results) => {
    await new Promise((resolve) => setTimeout(resolve, 100)); // late ones
    const ok = seen.length === 0;
    const error = `${seen.length} unhandled rejection(s):\n${seen.map((s) => `* ${s}`).join("\n")}`;
    return [...results, { name: REJECTIONS_CASE, ok, ms: 0, ...(ok ? {} : { error }) }];
  };
}
