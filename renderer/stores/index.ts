// One bound store composed of slices; the log rows live in a buffer outside it (log/buffer.ts).
import { create } from 'zustand';
import type { WorkbenchApi } from '../../shared/api';
import { api } from '../api';
import { createConnectionSlice, type ConnectionSlice } from './connection/actions';
import { createChecksSlice, type ChecksSlice } from './checks/actions';
import { createConsoleSlice, type ConsoleSlice } from './console/actions';
import { createDiagramSlice, type DiagramSlice } from './diagram/actions';
import { createFilesSlice, type FilesSlice } from './files/actions';
import { createLogSlice, type LogSlice } from './log/actions';
import { createOptionsSlice, type OptionsSlice } from './options/actions';
import { createRecoverySlice, type RecoverySlice } from './recovery/actions';
import { createSessionsSlice, type SessionsSlice } from './sessions/actions';
import { createStatusSlice, type StatusSlice } from './status/actions';
import { createTopicsSlice, type TopicsSlice } from './topics/actions';
import { createWizardSlice, type WizardSlice } from './wizard/actions';
import { createClientsSlice, type ClientsSlice } from './clients/actions';

export type Workbench = { api: WorkbenchApi } & ConnectionSlice & ConsoleSlice & LogSlice & DiagramSlice & WizardSlice & TopicsSlice & StatusSlice & RecoverySlice & SessionsSlice & FilesSlice & OptionsSlice & ChecksSlice & ClientsSlice;

export const useWorkbench = create<Workbench>()((...a) => ({
  api,
  ...createConnectionSlice(...a),
  ...createConsoleSlice(...a),
  ...createLogSlice(...a),
  ...createDiagramSlice(...a),
  ...createWizardSlice(...a),
  ...createTopicsSlice(...a),
  ...createStatusSlice(...a),
  ...createRecoverySlice(...a),
  ...createSessionsSlice(...a),
  ...createFilesSlice(...a),
  ...createOptionsSlice(...a),
  ...createChecksSlice(...a),
  // Last: the active client's stored settings override the slices' defaults.
  ...createClientsSlice(...a),
}));
