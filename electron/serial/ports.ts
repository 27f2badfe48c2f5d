// Lists serial ports with their USB metadata. On Linux SerialPort.list() needs udevadm; its
// absence is a Problem, never a crash. PTYs (the virtual modem) are never listed by the OS.
import { SerialPort } from 'serialport';
import type { PortInfo } from '../../shared/model';
import { fail, ok, problem, type Outcome } from '../../shared/outcome';

interface ListedPort {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  pnpId?: string | undefined;
}

/** Quectel USB interface roles (vendor 2c7c): 0 DM/diagnostic, 1 NMEA, 2 AT, 3 modem (PPP). */
const quectelRoles: Record<number, string> = { 0: 'diagnostic', 1: 'NMEA', 2: 'AT', 3: 'modem' };

function interfaceOf(p: ListedPort): number | undefined {
  const m = (p.pnpId ?? '').match(/-if(\d+)/) ?? p.path.match(/ttyUSB(\d+)$/);
  return m ? Number(m[1]) : undefined;
}

/** Pure: OS listing → PortInfo with a guessed role and label. */
export function describePort(p: ListedPort): PortInfo {
  const info: PortInfo = { path: p.path };
  if (p.manufacturer) info.manufacturer = p.manufacturer;
  if (p.serialNumber) info.serialNumber = p.serialNumber;
  if (p.vendorId) info.vendorId = p.vendorId;
  if (p.productId) info.productId = p.productId;
  const iface = interfaceOf(p);
  if (iface !== undefined && p.vendorId) info.interfaceNumber = iface;
  if (p.vendorId?.toLowerCase() === '2c7c' && iface !== undefined) {
    const role = quectelRoles[iface];
    if (role) info.role = role;
    info.label = `Quectel${role ? ` — ${role} port` : ''} (${p.path})`;
  }
  return info;
}

export async function listPorts(): Promise<Outcome<PortInfo[]>> {
  try {
    const ports = (await SerialPort.list()) as ListedPort[];
    return ok(ports.map(describePort));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/udevadm/.test(msg)) {
      return fail(problem('ports.udev-missing', 'Cannot list serial ports: udev is missing.', msg, 'Install udev (`sudo apt-get install udev`), or type the port path (e.g. /dev/ttyUSB2) by hand.'));
    }
    return fail(problem('ports.list-failed', 'Cannot list serial ports.', msg, 'Type the port path (e.g. /dev/ttyUSB2 or COM5) by hand.'));
  }
}
