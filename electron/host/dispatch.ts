// Turns (request name, raw arguments) into a validated call on the services object. Shared by the
// Electron IPC binding and the WebSocket bridge, so both refuse and explain bad input the same way.
import { isRequestName, validateArgs, type ParsedArgsOf, type RequestName, type ResultOf } from '../../shared/api';
import type { Outcome } from '../../shared/outcome';

/** The object the contract is bound to: one async method per request, arguments already parsed. */
export type Services = {
  [K in RequestName]: (args: ParsedArgsOf<K>) => Promise<ResultOf<K>>;
};

export type Dispatch = (name: string, args: unknown) => Promise<Outcome<unknown>>;

export function createDispatch(services: Services, log: (line: string) => void = () => {}): Dispatch {
  return async (name, args) => {
    if (!isRequestName(name)) {
      log(`refused unknown request "${name}"`);
      return {
        ok: false,
        problem: { code: 'unknown-request', title: `Unknown request "${name}"`, detail: 'The app and its back end are from different versions.', nextStep: 'Restart the workbench.' },
      };
    }
    const parsed = validateArgs(name, args);
    if (!parsed.ok) return parsed;
    try {
      const call = services[name] as (a: unknown) => Promise<Outcome<unknown>>;
      return await call(parsed.value);
    } catch (err) {
      // A throw here is a bug in the workbench, not a modem problem: say so plainly.
      log(`request ${name} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return {
        ok: false,
        problem: {
          code: 'internal',
          title: `The workbench failed while handling ${name}`,
          detail: err instanceof Error ? err.message : String(err),
          nextStep: 'Export the session and report it; restarting the workbench usually clears it.',
        },
      };
    }
  };
}
