// One bound store composed of slices; the log rows live in a buffer outside it (log/buffer.ts).
import { create } from 'zustand';
import type { WorkbenchApi } from '../../shared/api';
import { api } from '../api';
import { createConnectionSlice, type ConnectionSlice } from './connection/actions';
import { createConsoleSlice, type ConsoleSlice } from './console/actions';
import { createLogSlice, type LogSlice } from './log/actions';

export type Workbench = { api: WorkbenchApi } & ConnectionSlice & ConsoleSlice & LogSlice;

export const useWorkbench = create<Workbench>()((...a) => ({
  api,
  ...createConnectionSlice(...a),
  ...createConsoleSlice(...a),
  ...createLogSlice(...a),
}));
