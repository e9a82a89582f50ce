// Tools that run in the page: the model calls them, the package's tool runner (runTools) checks the arguments
// against each schema and calls the function here, and the result goes back to the model.

/** Arithmetic on numbers: + - * / ^, parentheses and unary minus; no names, so nothing else can run. */
export function calculate(expression) {
  const tokens = String(expression).match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[-+*/^()]|\S/gi) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected) => {
    if (peek() !== expected) throw new Error(`expected "${expected}" at token ${at + 1} of ${JSON.stringify(expression)}`);
    at += 1;
  };
  const primary = () => {
    const token = tokens[at++];
    if (token === "(") {
      const value = sum();
      take(")");
      return value;
    }
    if (token === "-") return -power();
    if (token !== undefined && /^\d/.test(token)) return Number(token);
    throw new Error(`unexpected ${token === undefined ? "end" : `"${token}"`} in ${JSON.stringify(expression)}`);
  };
  const power = () => {
    const base = primary();
    if (peek() !== "^") return base;
    at += 1;
    return base ** power();
  };
  const product = () => {
    let value = power();
    while (peek() === "*" || peek() === "/") value = tokens[at++] === "*" ? value * power() : value / power();
    return value;
  };
  const sum = () => {
    let value = product();
    while (peek() === "+" || peek() === "-") value = tokens[at++] === "+" ? value + product() : value - product();
    return value;
  };
  const value = sum();
  if (at < tokens.length) throw new Error(`unexpected "${tokens[at]}" in ${JSON.stringify(expression)}`);
  if (!Number.isFinite(value)) throw new Error(`${JSON.stringify(expression)} has no finite value`);
  return value;
}

/** Factors to a base unit per kind; temperatures convert through kelvin. */
const UNITS = {
  length: { m: 1, km: 1000, cm: 0.01, mm: 0.001, mi: 1609.344, ft: 0.3048, in: 0.0254, yd: 0.9144 },
  mass: { kg: 1, g: 0.001, lb: 0.45359237, oz: 0.028349523125, t: 1000 },
  temperature: { c: [1, 273.15], f: [5 / 9, 255.3722222], k: [1, 0] },
};

export function convert(value, from, to) {
  const [a, b] = [String(from).toLowerCase(), String(to).toLowerCase()];
  const kind = Object.keys(UNITS).find((k) => a in UNITS[k] && b in UNITS[k]);
  if (!kind) throw new Error(`cannot convert ${from} to ${to}; units: ${Object.values(UNITS).map((u) => Object.keys(u).join(" ")).join(" | ")}`);
  if (kind !== "temperature") return (value * UNITS[kind][a]) / UNITS[kind][b];
  const kelvin = value * UNITS.temperature[a][0] + UNITS.temperature[a][1];
  return (kelvin - UNITS.temperature[b][1]) / UNITS.temperature[b][0];
}

const tool = (name, description, parameters, fn) => ({
  type: "function",
  function: { name, description, parameters, function: fn },
});

/** The tools offered with "Tools that run in this page". */
export const PAGE_TOOLS = [
  tool(
    "calculate",
    "Evaluates an arithmetic expression exactly (+ - * / ^ and parentheses).",
    {
      type: "object",
      properties: { expression: { type: "string", description: "e.g. (12 + 30) * 2", examples: ["(12 + 30) * 2"] } },
      required: ["expression"],
      additionalProperties: false,
    },
    ({ expression }) => String(calculate(expression)),
  ),
  tool(
    "current_time",
    "The current date and time in a time zone.",
    {
      type: "object",
      properties: { time_zone: { type: "string", description: "An IANA time zone", examples: ["Asia/Shanghai"] } },
      required: ["time_zone"],
      additionalProperties: false,
    },
    ({ time_zone }) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: time_zone, dateStyle: "full", timeStyle: "long" }).format(new Date()),
  ),
  tool(
    "convert_units",
    "Converts a value between units of length, mass or temperature.",
    {
      type: "object",
      properties: {
        value: { type: "number", examples: [100] },
        from: { type: "string", description: "m km cm mm mi ft in yd, kg g lb oz t, c f k", examples: ["km"] },
        to: { type: "string", examples: ["mi"] },
      },
      required: ["value", "from", "to"],
      additionalProperties: false,
    },
    ({ value, from, to }) => `${value} ${from} = ${Number(convert(value, from, to).toPrecision(8))} ${to}`,
  ),
];
