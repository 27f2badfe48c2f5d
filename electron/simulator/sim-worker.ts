// The simulator thread: Virtual EC20s started by worker-pool.ts run here, off the host's thread,
// each on the device end of a PTY pair the host made (so the host still reaches it through the
// real PTY and serialport). Messages are the ones of worker-protocol.ts.
import { parentPort } from 'node:worker_threads';
import { attachVirtualModem, type VirtualModem } from './index';
import type { ToHost, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('sim-worker.ts runs as a worker thread only');
const post = (m: ToHost) => port.postMessage(m);
const modems = new Map<number, { vm: VirtualModem; offPackets?: () => void }>();

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'start':
      // The pair is the host's: it closes it after this modem has stopped.
      void attachVirtualModem({ hostPath: m.hostPath, devicePath: m.devicePath, close: async () => undefined }, { ...m.opts, deviceEnd: 'tty' }).then(
        (vm) => {
          // Faults asked for at start go in before the host can send its first byte.
          for (const f of m.faults) vm.inject(f);
          modems.set(m.id, { vm });
          post({ type: 'started', id: m.id, brokerUrl: vm.brokerUrl, ...(vm.brokerTlsUrl ? { brokerTlsUrl: vm.brokerTlsUrl } : {}), ...(vm.redirect ? { redirect: vm.redirect } : {}), ...(vm.embedded ? { embedded: vm.embedded } : {}) });
        },
        (err: unknown) => post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) }),
      );
      return;
    case 'inject':
      modems.get(m.id)?.vm.inject(m.fault);
      return;
    case 'profile':
      modems.get(m.id)?.vm.setProfile(m.profile);
      return;
    case 'clock':
      modems.get(m.id)?.vm.setClock(m.at);
      return;
    case 'packets': {
      const e = modems.get(m.id);
      if (!e || e.offPackets) return;
      e.offPackets = e.vm.onPacket((packet) => post({ type: 'packet', id: m.id, packet }));
      return;
    }
    case 'stop': {
      const e = modems.get(m.id);
      modems.delete(m.id);
      void (e ? e.vm.stop() : Promise.resolve()).then(() => post({ type: 'stopped', id: m.id }));
      return;
    }
  }
});
