import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, Secret, secret } from './secret';

const CLEAR = 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe'; // aliyun.md §1.1 sample DeviceSecret shape

describe('Secret', () => {
  const s = secret(CLEAR);
  const device = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: s };

  it('gives the clear text only through reveal()', () => {
    expect(s.reveal()).toBe(CLEAR);
    expect(s.length).toBe(32);
  });

  it.each([
    ['JSON.stringify of the secret', () => JSON.stringify(s)],
    ['JSON.stringify of an object holding it', () => JSON.stringify(device)],
    ['JSON.stringify of a nested array', () => JSON.stringify({ list: [device, { s }] })],
    ['a template string', () => `secret=${s}`],
    ['string concatenation', () => 'secret=' + s],
    ['String()', () => String(s)],
    ['util.inspect of the secret', () => inspect(s)],
    ['util.inspect of an object holding it', () => inspect(device, { depth: 10, showHidden: true })],
    ['console-style %s / %o / %j formatting', () => format('%s %o %O %j', s, device, device, device)],
    ['Object.entries / spread', () => JSON.stringify(Object.entries({ ...s }))],
    ['structuredClone', () => JSON.stringify(structuredClone({ ...device, deviceSecret: { ...s } }))],
  ])('never shows the clear text in %s', (_name, render) => {
    const out = render();
    expect(out).not.toContain(CLEAR);
    expect(out).not.toContain(CLEAR.slice(0, 8));
  });

  it('renders as «redacted» in JSON, templates and inspect', () => {
    expect(JSON.stringify({ s })).toBe(`{"s":"${REDACTED}"}`);
    expect(`${s}`).toBe(REDACTED);
    expect(inspect(s)).toBe(REDACTED);
  });

  it('captured console.log output never carries the clear text', () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void lines.push(format(...args));
    try {
      console.log(s);
      console.log('device %o', device);
      console.log(device);
    } finally {
      console.log = original;
    }
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).not.toContain(CLEAR);
    expect(lines[0]).toBe(REDACTED);
  });

  it('compares by value without revealing', () => {
    expect(s.equals(secret(CLEAR))).toBe(true);
    expect(s.equals(secret('other'))).toBe(false);
  });

  it('refuses a non-string value, naming the field', () => {
    expect(() => new Secret(42 as unknown as string)).toThrow(TypeError);
    expect(() => new Secret(undefined as unknown as string)).toThrow('"secret"');
  });
});
