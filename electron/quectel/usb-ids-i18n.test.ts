import { describe, expect, it } from 'vitest';
import { msgText, translator } from '../../shared/i18n';
import { describePorts } from './usb-ids';

// The port list's labels keep their English and carry a message for a reader in Chinese.
describe('port labels in the reader\'s language', () => {
  it('labels a Quectel AT port and an unknown Quectel product in both languages', () => {
    const [at, nmea, unknown] = describePorts([
      { path: '/dev/ttyUSB2', vendorId: '2c7c', productId: '0125', interfaceNumber: 2 },
      { path: '/dev/ttyUSB1', vendorId: '2c7c', productId: '0125', interfaceNumber: 1 },
      { path: '/dev/ttyUSB9', vendorId: '2c7c', productId: 'ffff' },
    ]);
    const zh = translator('zh-CN');
    expect(at!.label).toBe('Quectel EC20/EC25/EG25 — AT port');
    expect(msgText(zh, at!.labelMsg)).toBe('移远 EC20/EC25/EG25 — AT 口');
    expect(nmea!.label).toBe('Quectel EC20/EC25/EG25 — NMEA (GPS) port');
    expect(msgText(zh, nmea!.labelMsg)).toBe('移远 EC20/EC25/EG25 — NMEA（GPS）口');
    expect(unknown!.label).toBe('Quectel module');
    expect(msgText(zh, unknown!.labelMsg)).toBe('移远模组');
  });
});
