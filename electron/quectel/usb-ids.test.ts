import { describe, expect, it } from 'vitest';
import { describePorts, probeOrder, quectelModel } from './usb-ids';

describe('Quectel USB identities', () => {
  it.each([
    ['2c7c', '0125', 'EC20/EC25/EG25'], ['2C7C', '0121', 'EC21'], ['2c7c', '0191', 'EG91'], ['2c7c', '0195', 'EG95'],
    ['2c7c', '030a', 'EM05'], ['2c7c', '0296', 'BG96'], ['2c7c', '9999', 'Quectel module'], ['1bc7', '1201', undefined],
  ])('%s:%s → %s', (vid, pid, model) => expect(quectelModel(vid, pid)).toBe(model));

  it('labels each interface of an EC25 by role', () => {
    const ports = [0, 1, 2, 3].map((i) => ({ path: `/dev/ttyUSB${i}`, vendorId: '2c7c', productId: '0125', interfaceNumber: i }));
    expect(describePorts(ports).map((p) => [p.role, p.label])).toEqual([
      ['diagnostic', 'Quectel EC20/EC25/EG25 — DM/diagnostic port'],
      ['NMEA', 'Quectel EC20/EC25/EG25 — NMEA (GPS) port'],
      ['AT', 'Quectel EC20/EC25/EG25 — AT port'],
      ['modem', 'Quectel EC20/EC25/EG25 — modem (PPP, secondary AT) port'],
    ]);
  });

  it('leaves other ports alone and puts AT ports first for probing', () => {
    const list = describePorts([
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB3', vendorId: '2c7c', productId: '0125', interfaceNumber: 3 },
      { path: '/dev/ttyUSB2', vendorId: '2c7c', productId: '0125', interfaceNumber: 2 },
      { path: '/dev/ttyUSB0', vendorId: '2c7c', productId: '0125', interfaceNumber: 0 },
    ]);
    expect(list[0]).toEqual({ path: '/dev/ttyS0' });
    expect(probeOrder(list).map((p) => p.path)).toEqual(['/dev/ttyUSB2', '/dev/ttyUSB3', '/dev/ttyS0', '/dev/ttyUSB0']);
  });
});
