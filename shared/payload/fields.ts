// The numbers in a message payload, for plotting a topic's values over time: a payload that is
// itself a number ("23.5"), or JSON with numeric fields at any depth, named by path
// ('params.temperature', 'values[2]'; an Aliyun thing-model post {"params":{"Temp":23.5}} gives
// 'params.Temp'). Units-agnostic: a value is a finite number, nothing more. Pure.

/** The path of a payload that is a number as a whole. */
export const WHOLE = '';

export interface NumericField {
  /** '' for the whole payload, else 'a.b', 'a[0]', 'a["dotted.key"]'. */
  path: string;
  value: number;
}

/** Paths deeper than this, and fields past this many, are left out (a payload is not a database). */
export const MAX_DEPTH = 8;
export const MAX_FIELDS = 64;

const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** A key as a path segment: `.name`, or `["odd key"]` when it is not a plain name. */
function segment(key: string, first: boolean): string {
  if (PLAIN_KEY.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}

/** The numeric fields of a payload, in the order they appear; [] when it holds none. */
export function numericFields(payload: string): NumericField[] {
  const text = payload.trim();
  if (text === '') return [];
  if (NUMBER.test(text)) {
    const v = Number(text);
    return Number.isFinite(v) ? [{ path: WHOLE, value: v }] : [];
  }
  const c = text.charCodeAt(0);
  // Only objects and arrays are walked: a JSON string or boolean is not a measurement.
  if (c !== 123 /* { */ && c !== 91 /* [ */) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const out: NumericField[] = [];
  walk(json, '', 0, out);
  return out;
}

function walk(v: unknown, path: string, depth: number, out: NumericField[]): void {
  if (out.length >= MAX_FIELDS) return;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) out.push({ path, value: v });
    return;
  }
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1, out));
    return;
  }
  for (const [k, x] of Object.entries(v)) walk(x, path + segment(k, path === ''), depth + 1, out);
}

/** The value at `path` in a payload, when it is a finite number there. */
export function fieldValue(payload: string, path: string): number | undefined {
  return numericFields(payload).find((f) => f.path === path)?.value;
}

/** A message as the plot reads it: when it came and what it carried. */
export interface TimedPayload {
  wall: number;
  payloadText: string;
}

/**
 * The numeric paths seen over a topic's messages, in order of first appearance. `fieldsOf` lets a
 * caller cache each message's fields (the renderer parses a payload once, not at every render).
 */
export function topicFields<M extends TimedPayload>(messages: readonly M[], fieldsOf: (m: M) => readonly NumericField[] = (m) => numericFields(m.payloadText)): string[] {
  const seen = new Set<string>();
  for (const m of messages) for (const f of fieldsOf(m)) seen.add(f.path);
  return [...seen];
}

/** One field over time: the messages that carry it, in time order (wall ms). */
export interface FieldSeries {
  t: number[];
  v: number[];
}

export function fieldSeries<M extends TimedPayload>(messages: readonly M[], path: string, fieldsOf: (m: M) => readonly NumericField[] = (m) => numericFields(m.payloadText)): FieldSeries {
  const points: Array<[number, number]> = [];
  for (const m of messages) {
    const f = fieldsOf(m).find((x) => x.path === path);
    if (f) points.push([m.wall, f.value]);
  }
  // Messages arrive in order; a stable sort keeps equal times in arrival order if one did not.
  points.sort((a, b) => a[0] - b[0]);
  return { t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
}
