// The built-in virtual EC20 as the app offers it: started in the main process on a real PTY, its
// MQTT side on an embedded broker, so the workbench is useful with no modem attached.
import type { ParsedArgsOf } from '../../shared/api';
import { fail, ok, type Outcome } from '../../shared/outcome';
import type { Fault, ProfileName } from '../simulator/index';
import { hasCommand } from '../simulator/pty-pair';

/** A fault as the contract delivers it (validated by FaultArgs). */
export type FaultRequest = ParsedArgsOf<'demoInjectFault'>;

// The contract is checked against the simulator at compile time: every fault the simulator knows
// has a schema in FaultArgs, FaultArgs offers no fault the simulator lacks, and every validated
// request is a Fault the simulator accepts as is.
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const faultKindsMatch: SameUnion<FaultRequest['kind'], Fault['kind']> = true;
const requestIsFault = (f: FaultRequest): Fault => f;
void faultKindsMatch;
void requestIsFault;

export interface DemoModem {
  hostPath: string;
  brokerUrl: string;
  inject(fault: Fault): void;
  setProfile(profile: ProfileName): void;
  stop(): Promise<void>;
}

/** Demo timing: a quarter of real delays by default, so exchanges stay visibly asynchronous. */
const demoSpeed = (): number => {
  const v = Number(process.env.WORKBENCH_SIM_SPEED ?? 0.25);
  return Number.isFinite(v) && v >= 0 ? v : 0.25;
};

/** Whether a PTY pair can be made here (socat, or python3 as the fallback). */
export function simulatorSupport(): { available: boolean; note?: string } {
  if (process.platform === 'win32') return { available: false, note: 'pseudo-terminals are not available on Windows' };
  if (hasCommand('socat') || hasCommand('python3')) return { available: true };
  return { available: false, note: 'install socat (sudo apt-get install socat) to run the virtual modem' };
}

export async function startDemoModem(): Promise<Outcome<DemoModem>> {
  const support = simulatorSupport();
  if (!support.available) {
    return fail({ code: 'sim.unavailable', title: 'The virtual EC20 cannot start here', detail: support.note ?? '', nextStep: 'Install socat, or connect a real modem.' });
  }
  try {
    const { startVirtualModem } = await import('../simulator/index');
    const modem = await startVirtualModem({ embeddedBroker: true, speed: demoSpeed() });
    return ok({ hostPath: modem.hostPath, brokerUrl: modem.brokerUrl, inject: (f) => modem.inject(f), setProfile: (p) => modem.setProfile(p), stop: () => modem.stop() });
  } catch (err) {
    return fail({
      code: 'sim.failed',
      title: 'The virtual EC20 did not start',
      detail: err instanceof Error ? err.message : String(err),
      nextStep: 'Check that socat is installed and that /tmp is writable, then try again.',
    });
  }
}
