import type { StateCreator } from 'zustand';
import type { AtOutcome } from '../../../shared/model';
import type { Problem } from '../../../shared/outcome';
import type { Workbench } from '../index';
import { initialConsoleState, type ConsoleState } from './state';

export interface ConsoleActions {
  setInput(text: string): void;
  historyUp(): void;
  historyDown(): void;
  /** Sends the input; `payload` is what to send at the '> ' prompt, if any. */
  sendInput(payload?: string): Promise<AtOutcome | Problem | undefined>;
}

export type ConsoleSlice = ConsoleState & ConsoleActions & { lastOutcome?: AtOutcome; lastProblem?: Problem };

export const createConsoleSlice: StateCreator<Workbench, [], [], ConsoleSlice> = (set, get) => ({
  ...initialConsoleState,
  setInput(text) {
    set({ input: text });
  },
  historyUp() {
    const { history, historyCursor } = get();
    const next = Math.max(0, historyCursor - 1);
    if (history.length) set({ historyCursor: next, input: history[next] ?? '' });
  },
  historyDown() {
    const { history, historyCursor } = get();
    const next = Math.min(history.length, historyCursor + 1);
    set({ historyCursor: next, input: next === history.length ? '' : (history[next] ?? '') });
  },
  async sendInput(payload) {
    const text = get().input.trim();
    if (!text || get().sending) return undefined;
    const history = get().history.at(-1) === text ? get().history : [...get().history, text];
    set({ sending: true, history, historyCursor: history.length, input: '', lastProblem: undefined });
    const r = await get().api.sendAt(payload === undefined ? { text } : { text, payload });
    if (r.ok) {
      set({ sending: false, lastOutcome: r.value });
      return r.value;
    }
    set({ sending: false, lastProblem: r.problem, input: text });
    return r.problem;
  },
});
