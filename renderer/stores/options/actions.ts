import type { StateCreator } from 'zustand';
import type { EmbeddedBrokerAddress } from '../../../shared/api';
import { defaultPortFor } from '../../../shared/mqtt-options';
import type { Workbench } from '../index';
import { defaultMqttOptions, initialOptionsState, type MqttOptionsForm, type OptionsState, type TlsFileRole, type TlsForm, type TlsPickedFile } from './state';

export interface OptionsActions {
  setMqttOption<K extends keyof MqttOptionsForm>(key: K, value: MqttOptionsForm[K]): void;
  setTlsOption<K extends keyof TlsForm>(key: K, value: TlsForm[K]): void;
  /** Back to the shared defaults (the CLI's). */
  resetMqttOptions(): void;
  /** The user typed in the port field: choosing TLS no longer changes it. */
  notePortTyped(): void;
  /** TLS on or off: the port follows (8883 / 1883) unless the user typed one. */
  chooseTls(on: boolean): void;
  /** A file for a TLS role, picked from disk (kept for the laptop's checks) or chosen on the modem (no content). */
  setTlsFile(role: TlsFileRole, name: string, picked?: TlsPickedFile): void;
  /**
   * The Virtual EC20 opened (its embedded broker's address) or closed (undefined): the server fields
   * show that broker while the user has not typed another one, and are emptied again after.
   */
  embeddedBrokerChanged(addr: EmbeddedBrokerAddress | undefined): void;
}

/** The embedded broker's port for a plain or a TLS bring-up. */
const brokerPort = (addr: EmbeddedBrokerAddress, tls: boolean): number => (tls ? (addr.tlsPort ?? defaultPortFor(true)) : addr.port);

export type OptionsSlice = OptionsState & OptionsActions;

export const createOptionsSlice: StateCreator<Workbench, [], [], OptionsSlice> = (set) => ({
  ...initialOptionsState,
  setMqttOption(key, value) {
    set((s) => ({ mqttOptions: { ...s.mqttOptions, [key]: value } }));
  },
  setTlsOption(key, value) {
    set((s) => ({ tlsForm: { ...s.tlsForm, [key]: value } }));
  },
  resetMqttOptions() {
    set({ mqttOptions: defaultMqttOptions() });
  },
  notePortTyped() {
    set({ portTyped: true });
  },
  chooseTls(on) {
    set((s) => {
      // On the embedded broker, TLS is its TLS listener rather than 8883.
      const b = s.embeddedBroker;
      const onBroker = b !== undefined && s.form.host === b.host && s.form.port === String(brokerPort(b, !on));
      const port = onBroker ? brokerPort(b, on) : defaultPortFor(on);
      return { form: { ...s.form, tls: on, ...(s.portTyped ? {} : { port: String(port) }) } };
    });
  },
  embeddedBrokerChanged(addr) {
    set((s) => {
      const before = s.embeddedBroker;
      if (before?.host === addr?.host && before?.port === addr?.port && before?.tlsPort === addr?.tlsPort) return {};
      // Only a host left empty, or still the one prefilled, is replaced: a typed server stays.
      const prefill = <F extends { host: string; port: string; tls: boolean }>(form: F, portTyped: boolean): F => {
        const ours = form.host.trim() === '' || (before !== undefined && form.host === before.host);
        if (!ours) return form;
        const host = addr?.host ?? '';
        const port = portTyped ? form.port : String(addr ? brokerPort(addr, form.tls) : defaultPortFor(form.tls));
        return { ...form, host, port };
      };
      // Every client's form (the others' too: each keeps its own server).
      const clientViews = Object.fromEntries(Object.entries(s.clientViews).map(([k, v]) => [k, v && { ...v, form: prefill(v.form, v.portTyped) }]));
      return { embeddedBroker: addr, form: prefill(s.form, s.portTyped), clientViews };
    });
  },
  setTlsFile(role, name, picked) {
    set((s) => {
      const tlsPicked = { ...s.tlsPicked };
      if (picked) tlsPicked[role] = { ...picked, name };
      else if (tlsPicked[role]?.name !== name) delete tlsPicked[role];
      return { tlsForm: { ...s.tlsForm, [role]: name }, tlsPicked };
    });
  },
});
