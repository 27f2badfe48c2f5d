import { describe, expect, it } from 'vitest';
import { describePort, listPorts } from './ports';
import { openProblem, openSerial } from './transport';

describe('open errors become Problems a field engineer can act on', () => {
  const table: Array<[string, string, RegExp]> = [
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'port.not-found', /plugged in/],
    ['Error: Permission denied, cannot open /dev/ttyUSB2', 'port.permission', process.platform === 'linux' ? /usermod -aG dialout/ : /user/],
    ['Error: Resource busy, cannot open /dev/ttyUSB2', 'port.busy', process.platform === 'linux' ? /ModemManager/ : /other program/],
    ['Error: Error Resource temporarily unavailable Cannot lock port', 'port.busy', /./],
    ['Error: something else', 'port.open-failed', /./],
  ];
  for (const [msg, code, next] of table) {
    it(`${msg} → ${code}`, () => {
      const p = openProblem('/dev/ttyUSB2', new Error(msg));
      expect(p.code).toBe(code);
      expect(p.nextStep).toMatch(next);
      expect(p.detail).toBe(msg);
    });
  }
});

describe('port listing', () => {
  it('names Quectel interfaces by role', () => {
    expect(describePort({ path: '/dev/ttyUSB2', vendorId: '2c7c', productId: '0125', manufacturer: 'Quectel' })).toMatchObject({ role: 'AT', interfaceNumber: 2, label: 'Quectel — AT port (/dev/ttyUSB2)' });
    expect(describePort({ path: '/dev/ttyS0' })).toEqual({ path: '/dev/ttyS0' });
  });
  it('listing returns an Outcome, never throws (udev present or not)', async () => {
    const out = await listPorts();
    if (out.ok) expect(Array.isArray(out.value)).toBe(true);
    else expect(out.problem.code).toMatch(/^ports\./);
  });
});

describe('serial settings', () => {
  it('a bad setting is a programmer error naming the field', async () => {
    await expect(openSerial('/dev/null', { baudRate: -1 })).rejects.toThrow(/"baudRate"/);
    await expect(openSerial('/dev/null', { dataBits: 9 as 8 })).rejects.toThrow(/"dataBits"/);
    await expect(openSerial('')).rejects.toThrow(/"path"/);
  });
});
