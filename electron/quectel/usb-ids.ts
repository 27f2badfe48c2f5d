// Quectel USB identities and the role of each USB interface, so a port list can say which
// ttyUSB is the AT port. Pure.
// Sources: Linux drivers/usb/serial/option.c (QUECTEL_VENDOR_ID 0x2c7c; EC21/EC25/EG91/EG95/BG96
// entries reserve interface 4 for the qmi_wwan network driver) and ModemManager
// src/plugins/quectel/77-mm-quectel-port-types.rules ("if #0 QCDM/DIAG, #1 GPS data, #2 AT
// primary, #3 AT secondary" for 0125, 0121, 0191, 0195, 0296; EM05 030a).
import { msg, translator } from '../../shared/i18n';
import type { PortInfo } from '../../shared/model';

export const QUECTEL_VENDOR_ID = '2c7c';

/** Product id (lower-case hex, 4 digits) → model names sharing it. */
export const QUECTEL_PRODUCTS: Record<string, string> = {
  '0125': 'EC20/EC25/EG25',
  '0121': 'EC21',
  '0191': 'EG91',
  '0195': 'EG95',
  '030a': 'EM05',
  '0296': 'BG96',
  '0306': 'EG06',
  '0512': 'EG12',
  '0800': 'RM500',
};

export type PortRole = 'diagnostic' | 'NMEA' | 'AT' | 'modem' | 'network';

/** Interface number → role on the 4-tty Quectel layout (the network interface 4 is no tty). */
export const QUECTEL_INTERFACE_ROLES: Record<number, { role: PortRole; label: string }> = {
  0: { role: 'diagnostic', label: 'DM/diagnostic port' },
  1: { role: 'NMEA', label: 'NMEA (GPS) port' },
  2: { role: 'AT', label: 'AT port' },
  3: { role: 'modem', label: 'modem (PPP, secondary AT) port' },
  4: { role: 'network', label: 'QMI network interface' },
};

const hex4 = (id: string | undefined): string | undefined => (id ? id.toLowerCase().replace(/^0x/, '').padStart(4, '0') : undefined);

/** The model name for a vendor/product pair, if it is a known Quectel module. */
export function quectelModel(vendorId: string | undefined, productId: string | undefined): string | undefined {
  if (hex4(vendorId) !== QUECTEL_VENDOR_ID) return undefined;
  const pid = hex4(productId);
  return (pid && QUECTEL_PRODUCTS[pid]) ?? 'Quectel module';
}

const english = translator('en');

/** Adds role and label to Quectel ports ("Quectel EC20/EC25/EG25 — AT port"); other ports pass through. */
export function describePorts(list: readonly PortInfo[]): PortInfo[] {
  return list.map((p) => {
    const model = quectelModel(p.vendorId, p.productId);
    if (!model) return p;
    const r = p.interfaceNumber === undefined ? undefined : QUECTEL_INTERFACE_ROLES[p.interfaceNumber];
    const labelMsg = msg('ports.quectel', { model: model === 'Quectel module' ? 'none' : model, role: r ? r.role : 'none' });
    return { ...p, ...(r ? { role: r.role } : {}), label: english(labelMsg.key, labelMsg.values), labelMsg };
  });
}

/** The ports worth probing for AT first: Quectel AT ports, then modem ports, then the rest. */
export function probeOrder(list: readonly PortInfo[]): PortInfo[] {
  const rank = (p: PortInfo): number => (p.role === 'AT' ? 0 : p.role === 'modem' ? 1 : p.role === undefined ? 2 : 3);
  return [...list].sort((a, b) => rank(a) - rank(b));
}
