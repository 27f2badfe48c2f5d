// The AT engine on the host end of a real PTY, a Virtual EC20 on the device end: what the
// integration tests that run real bring-ups share. Every one opened is closed by
// closeVirtualEngines() (call it in afterEach).
import type { AtEngine, SerialTransport } from '../electron/at/types';
import { createQuectelEngine } from '../electron/quectel/engine';
import { openSerial } from '../electron/serial/transport';
import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from '../electron/simulator/index';

const open: Array<{ vm: VirtualModem; transport?: SerialTransport; engine?: AtEngine }> = [];

/** A fast Virtual EC20 (past its power-up) and an engine with roomy timeouts; `opts` adds to that. */
export async function openVirtualEngine(opts: VirtualModemOptions = {}): Promise<{ engine: AtEngine; vm: VirtualModem }> {
  const vm = await startVirtualModem({ speed: 0.05, skipPowerUp: true, ...opts });
  const held: (typeof open)[number] = { vm };
  open.push(held);
  const t = await openSerial(vm.hostPath);
  if (!t.ok) throw new Error(t.problem.detail);
  held.transport = t.value;
  held.engine = createQuectelEngine(t.value, { timeoutScale: 3 });
  return { engine: held.engine, vm };
}

export async function closeVirtualEngines(): Promise<void> {
  for (const { vm, transport, engine } of open.splice(0)) {
    engine?.dispose();
    await transport?.close().catch(() => undefined);
    await vm.stop();
  }
}
