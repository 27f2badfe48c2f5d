import type { StateCreator } from 'zustand';
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
}

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
    set((s) => ({ form: { ...s.form, tls: on, ...(s.portTyped ? {} : { port: String(defaultPortFor(on)) }) } }));
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
