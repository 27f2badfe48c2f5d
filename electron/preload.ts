// Exposes the contract, and nothing else, to the sandboxed page as `window.workbench`.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './host/preload-api';

contextBridge.exposeInMainWorld('workbench', buildPreloadApi(ipcRenderer));
