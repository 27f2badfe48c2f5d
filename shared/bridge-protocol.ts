// Messages of the contract over a WebSocket (headless mode). Same requests and events as IPC.
import type { Outcome } from './outcome';

export type ClientMessage = { t: 'req'; id: number; name: string; args?: unknown };
export type ServerMessage =
  | { t: 'res'; id: number; result: Outcome<unknown> }
  | { t: 'evt'; name: string; payload: unknown };

/**
 * Name of the cookie that lets the page load its assets. It carries a per-run asset key, never the
 * API token (cookies reach every port of 127.0.0.1), and is named by port so two workbenches on one
 * machine do not overwrite each other's.
 */
export const assetCookieName = (port: number): string => `wb_assets_${port}`;
/** Path of the WebSocket endpoint. */
export const BRIDGE_WS_PATH = '/api';
