// Radio sampling: AT+CSQ, where the firmware has them AT+QCSQ and AT+QENG="servingcell", and the
// registration reads (protocol.md §4.2, §4.2.1), every `intervalMs` while a session is open. The commands go through
// the engine like any other, so they land in the journal and the log as ordinary exchanges; the
// timeline reads them back from there. A sample never slips between someone else's commands: it
// starts only when the engine is idle, no wizard or reconnect is running and the line has been
// quiet for `quietMs`, and it gives way (stops its round) as soon as another command is queued.
import type { Clock, TimerHandle } from '../../shared/clock';
import type { AtEngine, AtRequest } from '../at/types';
import { basic } from '../quectel/basic';

export interface RadioSamplerOptions {
  engine: AtEngine;
  clock: Clock;
  intervalMs: number;
  /** Something else owns the modem now (the wizard, a reconnect): wait. */
  busy?: () => boolean;
  /** How long the line must have been quiet before a sample starts (default 500 ms). */
  quietMs?: number;
  /** How often to look again while waiting for the engine (default 200 ms). */
  retryMs?: number;
}

export interface RadioSampler {
  /** Commands the firmware refused (ERROR): not asked again this session. */
  readonly unsupported: ReadonlySet<string>;
  /** Rounds completed (every command answered). */
  readonly rounds: number;
  setInterval(ms: number): void;
  dispose(): void;
}

// The registration views too: the registration lane follows the state fold, which moves only on
// what the modem says, and counts a module registered while any view says so (protocol.md quirk 17).
const ROUND: ReadonlyArray<() => AtRequest> = [basic.csq, basic.qcsq, basic.qengServingCell, () => basic.reg('CREG'), () => basic.reg('CGREG'), () => basic.reg('CEREG')];

export function startRadioSampler(o: RadioSamplerOptions): RadioSampler {
  const quietMs = o.quietMs ?? 500;
  const retryMs = o.retryMs ?? 200;
  let intervalMs = o.intervalMs;
  let timer: TimerHandle | undefined;
  let disposed = false;
  let sampling = false;
  let rounds = 0;
  let lastActivity = o.clock.mono();
  const unsupported = new Set<string>();
  // Our own commands do not count as someone else's activity.
  const ours = new Set<string>();
  const sub = o.engine.onEvent((e) => {
    if (e.type !== 'command-started' && e.type !== 'command-ended') return;
    if (sampling && ours.has(e.command)) return;
    lastActivity = o.clock.mono();
  });

  const idle = (): boolean => (o.engine.isIdle?.() ?? true) && !(o.busy?.() ?? false);

  const schedule = (ms: number) => {
    if (disposed) return;
    if (timer !== undefined) o.clock.clearTimeout(timer);
    timer = o.clock.setTimeout(() => {
      timer = undefined;
      void tick();
    }, ms);
  };

  async function tick(): Promise<void> {
    if (disposed || sampling) return;
    const quietFor = o.clock.mono() - lastActivity;
    if (!idle() || quietFor < quietMs) return schedule(Math.max(retryMs, quietMs - quietFor));
    sampling = true;
    let complete = true;
    try {
      for (const make of ROUND) {
        const req = make();
        if (unsupported.has(req.text)) continue;
        // Someone queued a command while ours ran: theirs goes first, the rest of the round waits.
        if (disposed || !idle()) {
          complete = false;
          break;
        }
        ours.add(req.text);
        const out = await o.engine.send(req);
        if (out.kind === 'modem-error') unsupported.add(req.text);
        else if (out.kind !== 'ok') {
          complete = false;
          break;
        }
      }
    } finally {
      sampling = false;
      ours.clear();
    }
    if (complete) rounds++;
    schedule(complete ? intervalMs : retryMs);
  }

  schedule(intervalMs);
  return {
    unsupported,
    get rounds() {
      return rounds;
    },
    setInterval(ms: number) {
      intervalMs = ms;
      if (!sampling) schedule(ms);
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) o.clock.clearTimeout(timer);
      sub.dispose();
    },
  };
}
