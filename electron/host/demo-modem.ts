// The built-in virtual EC20 as the app offers it: started in the main process on a real PTY, with an
// embedded broker (plain and TLS, demo CA) beside it, so the workbench is useful with no modem
// attached. The module dials whatever server it is told, like a real one: the embedded broker is
// what the demo's defaults point at (`embedded`), not a silent redirect.
import type { EmbeddedBrokerAddress, ParsedArgsOf } from '../../shared/api';
import { fail, ok, type Outcome } from '../../shared/outcome';
import { msg, type Msg } from '../../shared/i18n';
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
  /**
   * The embedded broker: the server the wizard prefills for the Virtual EC20 (host 127.0.0.1, its
   * port, its TLS port and the demo CA to upload as "cacert"). Also in PortState.embeddedBroker.
   */
  embedded: EmbeddedBrokerAddress;
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
export function simulatorSupport(): { available: boolean; note?: string; noteMsg?: Msg } {
  if (process.platform === 'win32') return { available: false, note: 'pseudo-terminals are not available on Windows', noteMsg: msg('ports.noPtyWindows') };
  if (hasCommand('socat') || hasCommand('python3')) return { available: true };
  return { available: false, note: 'install socat (sudo apt-get install socat) to run the virtual modem', noteMsg: msg('ports.installSocat') };
}

export async function startDemoModem(): Promise<Outcome<DemoModem>> {
  const support = simulatorSupport();
  if (!support.available) {
    return fail({ code: 'sim.unavailable', title: 'The virtual EC20 cannot start here', detail: support.note ?? '', nextStep: 'Install socat, or connect a real modem.' });
  }
  try {
    const { startVirtualModem } = await import('../simulator/index');
    const { makeDemoPki } = await import('../simulator/demo-pki');
    // Without openssl the demo still runs, on its plain listener only.
    let pki: ReturnType<typeof makeDemoPki> | undefined;
    try {
      pki = makeDemoPki();
    } catch {
      pki = undefined;
    }
    const modem = await startVirtualModem({
      embeddedBroker: true,
      speed: demoSpeed(),
      ...(pki ? { embeddedBrokerTls: { key: pki.key, cert: pki.cert } } : {}),
    }).catch((err: unknown) => {
      pki?.remove();
      throw err;
    });
    const e = modem.embedded;
    if (!e) throw new Error('the embedded broker did not start');
    return ok({
      hostPath: modem.hostPath,
      brokerUrl: modem.brokerUrl,
      embedded: { host: e.host, port: e.port, ...(e.tlsPort ? { tlsPort: e.tlsPort } : {}), ...(pki ? { caPath: pki.caPath } : {}) },
      inject: (f) => modem.inject(f),
      setProfile: (p) => modem.setProfile(p),
      stop: async () => {
        await modem.stop();
        pki?.remove();
      },
    });
  } catch (err) {
    return fail({
      code: 'sim.failed',
      title: 'The virtual EC20 did not start',
      detail: err instanceof Error ? err.message : String(err),
      nextStep: 'Check that socat is installed and that /tmp is writable, then try again.',
    });
  }
}
