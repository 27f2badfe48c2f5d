// Messages of the contract over a WebSocket (headless mode). Same requests and events as IPC.
import type { Outcome } from './outcome';

export type ClientMessage = { t: 'req'; id: number; name: string; args?: unknown };
export type ServerMessage =
  | { t: 'res'; id: number; result: Outcome<unknown> }
  | { t: 'evt'; name: string; payload: unknown };

/** Name of the cookie that carries the per-run token for page assets. */
export const TOKEN_COOKIE = 'wb_token';
/** Path of the WebSocket endpoint. */
export const BRIDGE_WS_PATH = '/api';
