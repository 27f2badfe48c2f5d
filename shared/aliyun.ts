// The Aliyun part of the contract: what the wizard's Aliyun path sends (a paste or typed fields and
// the endpoint, transport, sign method and login way chosen) and what it gets back (the derived
// fields to show before sending, the checks, the thing-model presets). The DeviceSecret travels to
// the main side once, on entry; afterwards the renderer holds only a handle, and the password or
// the secret come back only on an explicit reveal (aliyun.md §7 for the two ways to log in).
import { z } from 'zod';
import type { Msg } from './i18n/msg';

export const ALIYUN_SIGN_METHODS = ['hmacsha256', 'hmacsha1', 'hmacmd5'] as const;
export const ALIYUN_PORTS = [1883, 443, 8883] as const;

const handle = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a device handle');

export const AliyunEndpointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('region'), region: z.string().trim().min(1, 'pick a region').max(40) }).strict(),
  z.object({ kind: z.literal('instance'), instanceId: z.string().trim().min(1, 'type the instance id (iot-…)').max(80) }).strict(),
]);

export const AliyunPrepareArgs = z
  .object({
    /** What was pasted: the device certificate JSON, the MQTT connection parameters JSON, or "PK DN DS". */
    text: z.string().max(8192).optional(),
    /** Typed fields instead of a paste; an empty deviceSecret keeps the one held for `handle`. */
    fields: z.object({ productKey: z.string().max(64), deviceName: z.string().max(64), deviceSecret: z.string().max(128) }).strict().optional(),
    /** The device prepared before, to change its options without sending the secret again. */
    handle: handle.optional(),
    auth: z.enum(['aliauth', 'host']).default('aliauth'),
    endpoint: AliyunEndpointSchema.optional(),
    port: z.union([z.literal(1883), z.literal(443), z.literal(8883)]).optional(),
    tls: z.boolean().optional(),
    method: z.enum(ALIYUN_SIGN_METHODS).optional(),
    keepalive: z.number().int().min(0).max(3600).optional(),
  })
  .strict();

export interface AliyunFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  fix: string;
  /** `message` and `fix` as messages, for a reader in another language (absent: show the English). */
  messageMsg?: Msg;
  fixMsg?: Msg;
}

/** A thing-model preset for the topics panel: subscribe to `replyTopic`, publish `payload` to `topic`. */
export interface AliyunPreset {
  id: string;
  label: string;
  /** The topic the device publishes to, or subscribes to for downlink presets. */
  topic: string;
  direction: 'up' | 'down';
  replyTopic?: string;
  payload?: string;
}

/** The prepared device: everything shown before sending, and no secret. */
export interface AliyunPrepared {
  handle: string;
  source: 'triple' | 'mqtt-params';
  productKey: string;
  deviceName: string;
  auth: 'aliauth' | 'host';
  host: string;
  port: number;
  tls: boolean;
  keepalive: number;
  method: (typeof ALIYUN_SIGN_METHODS)[number];
  /** The full mqttClientId as signed on the host (|securemode=…,signmethod=…|). */
  clientId: string;
  username: string;
  /** The signed content (absent for pasted MQTT parameters). */
  content?: string;
  /** What AT+QMTCONN is given: the bare id with aliauth, the full mqttClientId when the host signs. */
  connectClientId: string;
  /** The AT+QMTCFG="aliauth" command as it will be sent, with the secret masked. */
  aliauthCommand?: string;
  findings: AliyunFinding[];
  /** No finding is an error: the wizard may send. */
  ready: boolean;
  presets: AliyunPreset[];
  /** The profile name when it came from or was saved to a profile. */
  profile?: string;
}

export const AliyunRevealArgs = z.object({ handle, what: z.enum(['password', 'deviceSecret']) }).strict();
export const AliyunSaveArgs = z.object({ handle, name: z.string().trim().min(1, 'name the profile').max(64).regex(/^[^\\/\r\n"]+$/, 'a profile name cannot hold / \\ " or line breaks') }).strict();
export const AliyunProfileArgs = z.object({ name: z.string().trim().min(1).max(64) }).strict();

/** A saved device profile as listed: never its secret. */
export interface AliyunProfileListing {
  name: string;
  productKey: string;
  deviceName: string;
  host: string;
  savedAt: number;
  /** Where its DeviceSecret is kept: sealed with a key in the OS keyring or in a file only this user can read. */
  secretStore: 'os-keyring' | 'file' | 'memory';
  /** The file the profiles are kept in (the secret in it is sealed), for the user to be told where. */
  file?: string;
}

/** Regions of the legacy public instance, for the wizard's picker (the same table as electron/aliyun/endpoints.ts, aliyun.md §2.2). */
export const ALIYUN_PUBLIC_REGIONS: ReadonlyArray<readonly [id: string, label: string]> = [
  ['cn-shanghai', 'China East 2 (Shanghai)'],
  ['ap-southeast-1', 'Singapore'],
  ['ap-northeast-1', 'Japan (Tokyo)'],
  ['us-west-1', 'US (Silicon Valley)'],
  ['us-east-1', 'US (Virginia)'],
  ['eu-central-1', 'Germany (Frankfurt)'],
];
