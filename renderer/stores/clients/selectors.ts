import type { Workbench } from '../index';
import { pickView, type ClientView } from './state';

/** Client `idx`'s fields, whether it is shown or not (undefined: never shown nor run). */
export function viewOf(s: Workbench, idx: number): ClientView | undefined {
  return idx === s.activeClient ? pickView(s) : s.clientViews[idx];
}

/** Client `idx`'s wizard is running (a run or a reconnect). */
export const clientRunning = (s: Workbench, idx: number): boolean => (idx === s.activeClient ? s.running : Boolean(s.clientViews[idx]?.running));
