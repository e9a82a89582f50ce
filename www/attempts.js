// A reply's attempts: the client's fetch, watched. Each call is one attempt of a request (the package retries by
// calling it again), so a reply can show its retries and what the server said before each (status, Retry-After).
let listener = null; // the reply in progress: (event) => void

/** The `fetch` the page gives its client. */
export function watchedFetch(input, init) {
  listener?.({ kind: "sent" });
  return fetch(input, init).then(
    (response) => {
      const ms = Number(response.headers.get("retry-after-ms") ?? NaN);
      const after = response.headers.get("retry-after");
      // Whole seconds as seconds (the proxy writes both headers), else milliseconds, else what the server wrote.
      const retryAfter = ms >= 0 ? (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`) : after && (/^\d+$/.test(after) ? `${after} s` : after);
      listener?.(response.ok ? { kind: "ok" } : { kind: "failed", status: response.status, retryAfter });
      return response;
    },
    (error) => {
      listener?.({ kind: "failed", status: undefined });
      throw error;
    },
  );
}

/**
 * Follows the attempts of one reply, out of `of` each: `view()` (the reply's view at the time) hears of each failed
 * attempt and of each retry. Returns { retried (the failures retried), stop() }.
 */
export function followAttempts(view, of) {
  // An attempt sent after a failed one is the package retrying it; after a success, it is the next request.
  let failure = null;
  let attempt = 1;
  const retried = [];
  listener = (event) => {
    if (event.kind === "sent") {
      if (failure) {
        attempt += 1;
        retried.push(failure);
        view().retrying(failure, attempt, of);
      } else attempt = 1;
      failure = null;
    } else if (event.kind === "failed") {
      failure = event;
      view().attemptFailed(event, attempt, of);
    } else failure = null;
  };
  return { retried, stop: () => (listener = null) };
}
