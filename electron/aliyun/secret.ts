// Secret — a device credential that renders as «redacted» everywhere except through reveal().
// Follows aliyun.md §1.1 (DeviceSecret / ProductSecret) and §7 (the module echoes the
// secret in clear, so nothing on our side may print it by accident). Pure: no Node imports, so the
// type can travel to any folder; util.inspect is reached through its registered symbol.

export const REDACTED = '«redacted»';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

// The clear text lives outside the object: invisible to Object.keys, spread, structuredClone and
// JSON. (A WeakMap rather than a #private field: the app's security scan cannot parse those, and
// would then skip the whole main bundle.)
const clearText = new WeakMap<Secret, string>();
const textOf = (s: Secret): string => clearText.get(s) ?? '';

/** A string that JSON.stringify, template strings, String(), console.log and util.inspect all redact. */
export class Secret {
  constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('"secret" must be a string');
    clearText.set(this, value);
  }

  /** The clear text, for the one place that must send it (signing, AT+QMTCFG="aliauth"). */
  reveal(): string {
    return textOf(this);
  }

  get length(): number {
    return textOf(this).length;
  }

  /** Same clear text, without exposing either value. */
  equals(other: Secret): boolean {
    return other instanceof Secret && textOf(other) === textOf(this);
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return REDACTED;
  }
}

export const secret = (value: string): Secret => new Secret(value);

export const isSecret = (v: unknown): v is Secret => v instanceof Secret;
