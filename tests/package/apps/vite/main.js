// A Vite app, built for production with no config: `?base=<baseURL>&key=<key>` says where the mock is.
import { oneCall } from "../call.mjs";

const query = new URLSearchParams(location.search);
const out = document.getElementById("out");
oneCall(query.get("base"), query.get("key")).then(
  (result) => (out.dataset.result = JSON.stringify(result)),
  (error) => (out.dataset.error = `${error.name}: ${error.message}`),
);
