// Firmware profiles of the virtual modem: every point where Quectel firmware generations differ,
// or where the reference is Uncertain, is a switch here (spec docs/protocol.md, "Firmware
// profiles" table and each **Uncertain:** note). The interpreter reads switches, never names.

export type ProfileName = 'EC2X-2018' | 'LTE-LATER' | 'CAT1' | 'BG9X';

export interface FirmwareProfile {
  name: ProfileName;
  /** ATI lines (protocol.md §4.1) and the revisions of AT+GMR / AT+QGMR. */
  manufacturer: string;
  model: string;
  revision: string;
  subRevision: string;
  /** Cat-1 families print APP RDY after RDY (protocol.md §4.6). */
  appRdy: boolean;
  /** Default of QMTCFG "version" (protocol.md §2.1.1 Uncertain: 4 in 2020+ notes, 3 implied by some 2018 code). */
  defaultMqttVersion: 3 | 4;
  /** Publish forms (protocol.md §2.8 a/b/c, §2.9 a/b/c). */
  pubPromptCtrlZ: boolean;
  pubFixedLength: boolean;
  pubInline: boolean;
  pubexFixedLength: boolean;
  pubexInline: boolean;
  pubexCtrlZ: boolean;
  /** Prefix of the QMTPUBEX result URC (protocol.md §2.9 Uncertain: BG95 answers +QMTPUB:). */
  pubexResultPrefix: '+QMTPUBEX' | '+QMTPUB';
  /** +QMTPING before +QMTSTAT: i,2 on keep-alive failure (protocol.md §3.3, note v1.1 on). */
  qmtping: boolean;
  /** QMTCFG options beyond the 2018 list (protocol.md §2.1.10). */
  extraCfgOptions: readonly string[];
  /** QSSLCFG "sni" exists (protocol.md §4.4: ERROR on old builds). */
  sni: boolean;
  /** +QMTSTAT: i,5 after +QMTDISC (protocol.md §2.5 Uncertain, default off). */
  discFollowUpStat5: boolean;
  /** Reply to QMTCLOSE / QMTDISC on an index that is not open/connected (protocol.md §2.3, §2.5 Uncertain). */
  closeWhenNotOpen: 'error' | 'result-minus-1';
  discWhenNotConnected: 'error' | 'result-minus-1';
  /** QMTCFG writes while opened/opening (protocol.md §2.1 Uncertain: simulator accepts them). */
  cfgWhileOpened: 'ok' | 'error';
  /** Range of QMTCFG "timeout" retry_times (protocol.md §2.1.6 Uncertain: 1-10 in 2018, 0-10 later). */
  retryRange: readonly [number, number];
  /** Highest PDP context id (protocol.md §2.1.2: some Cat-1 notes 1-15). */
  maxCid: number;
  /** Largest publish payload (protocol.md §2.8 Uncertain: ~1.5 KB on 2018 EC2x, 4096 on BG95). */
  maxPayload: number;
  /** Maximum topic pairs in one QMTSUB (protocol.md §2.6 Uncertain: simulator accepts 5). */
  maxSubTopics: number;
  /** AT+CMEE factory default (protocol.md §1.2 Uncertain: usually 1 on EC2x). */
  cmeeDefault: 0 | 1 | 2;
  /** ESC after a publish prompt answers OK (protocol.md §1.5 Uncertain: OK simulated). */
  escReply: 'OK' | 'ERROR' | 'none';
  /** QMT command failures as plain ERROR, or as +CME ERROR per CMEE (protocol.md §1.2 Uncertain: plain). */
  qmtErrorsAsCme: boolean;
  /** URCs held back while waiting for publish payload (protocol.md §1.5 Uncertain: held). */
  holdUrcsDuringPrompt: boolean;
  /** After a CONNACK refusal: +QMTSTAT: i,1 ~100 ms later, or the index left opened (protocol.md §3.4 Uncertain). */
  afterConnackRefusal: 'stat1' | 'stay-opened';
  /** AT+QIACT on an active context (protocol.md §4.3 Uncertain: ERROR on some firmware). */
  qiactWhenActive: 'ok' | 'error';
  /** QSSLCFG "ignorelocaltime" default (protocol.md §4.4 Uncertain: some builds 0). */
  ignoreLocalTimeDefault: 0 | 1;
  /** All 5 receive slots full: drop the new message or the oldest (protocol.md §2.10 Uncertain: drop new). */
  recvFullPolicy: 'drop-new' | 'drop-oldest';
  /** Slot numbering of AT+QMTRECV (protocol.md §2.10 Uncertain: some Cat-1 firmware numbers in reverse). */
  recvSlotOrder: 'ascending' | 'descending';
  /** Topic and payload of +QMTRECV in quotes (protocol.md §3.2: some older firmware drops them). */
  recvQuoted: boolean;
  /** Longest client ID accepted by QMTCONN (protocol.md §2.4 Uncertain; undefined = no limit). */
  maxClientIdLength?: number;
  /** The +QMTOPEN result may come before OK (protocol.md §7 quirk 2, seen on BG95). */
  openResultBeforeOk: boolean;
  /** With echo on, publish payload is echoed after the prompt (protocol.md quirk 6 implies it; not documented). */
  echoPayload: boolean;
  /**
   * Factory value of AT+QURCCFG="urcport" (protocol.md §1.4: "commonly usbat" on USB-capable modules).
   * A host on another port (the main UART) sees OK for everything and never a URC until it sets it.
   */
  urcportFactory: 'usbat' | 'usbmodem' | 'uart1';
  /** Size of the user file system, AT+QFLDS total (protocol.md §4.5; not documented per model). */
  ufsTotal: number;
  /**
   * Whether a TLS open at seclevel 1/2 also checks the server certificate's name against the host
   * dialled (protocol.md §4.4 is silent; Uncertain: on by default, which a real module can only be laxer than).
   */
  tlsVerifyHostname: boolean;
  /**
   * +QMTSTAT code when the module itself drops a link (AT+QIDEACT, AT+CFUN=0/4): 7 "link not alive",
   * or 8 "client closed the MQTT connection", which only later Cat-1 notes list (protocol.md §3.1).
   */
  localCloseStat: 7 | 8;
  /**
   * A packet that still has no ack after all its resends (+QMTPUB/SUB/UNS result 2) makes the module
   * give the link up with +QMTSTAT: i,6 "sending kept failing" (protocol.md §3.1, §8 "link is going down").
   */
  statAfterSendFailure: boolean;
}

const EC2X_2018: FirmwareProfile = {
  name: 'EC2X-2018',
  manufacturer: 'Quectel',
  model: 'EC25',
  revision: 'EC25EFAR06A06M4G',
  subRevision: 'EC25EFAR06A06M4G_01.002.01.002',
  appRdy: false,
  defaultMqttVersion: 4,
  pubPromptCtrlZ: true,
  pubFixedLength: false,
  pubInline: false,
  pubexFixedLength: true,
  pubexInline: false,
  pubexCtrlZ: true,
  pubexResultPrefix: '+QMTPUBEX',
  qmtping: false,
  extraCfgOptions: [],
  sni: false,
  discFollowUpStat5: false,
  closeWhenNotOpen: 'error',
  discWhenNotConnected: 'error',
  cfgWhileOpened: 'ok',
  retryRange: [1, 10],
  maxCid: 16,
  maxPayload: 1548,
  maxSubTopics: 5,
  cmeeDefault: 1,
  escReply: 'OK',
  qmtErrorsAsCme: false,
  holdUrcsDuringPrompt: true,
  afterConnackRefusal: 'stat1',
  qiactWhenActive: 'ok',
  ignoreLocalTimeDefault: 1,
  recvFullPolicy: 'drop-new',
  recvSlotOrder: 'ascending',
  recvQuoted: true,
  openResultBeforeOk: false,
  echoPayload: true,
  urcportFactory: 'usbat',
  ufsTotal: 1_048_576,
  tlsVerifyHostname: true,
  localCloseStat: 7,
  statAfterSendFailure: true,
};

export const profiles: Record<ProfileName, FirmwareProfile> = {
  'EC2X-2018': EC2X_2018,
  'LTE-LATER': {
    ...EC2X_2018,
    name: 'LTE-LATER',
    revision: 'EC25EFAR06A08M4G',
    subRevision: 'EC25EFAR06A08M4G_01.005.01.005',
    pubFixedLength: true,
    qmtping: true,
    extraCfgOptions: ['qmtping'],
    sni: true,
    retryRange: [0, 10],
    maxPayload: 4096,
  },
  CAT1: {
    ...EC2X_2018,
    name: 'CAT1',
    model: 'EC200U',
    revision: 'EC200UCNAAR03A04M08',
    subRevision: 'EC200UCNAAR03A04M08_01.001.01.001',
    appRdy: true,
    pubFixedLength: true,
    pubInline: true,
    qmtping: true,
    extraCfgOptions: ['qmtping', 'send/mode', 'dataformat', 'view/mode', 'edit/timeout', 'willex', 'hwauth', 'hwprodid', 'onenet'],
    sni: true,
    retryRange: [0, 10],
    maxCid: 15,
    maxPayload: 4096,
    localCloseStat: 8,
    ufsTotal: 524_288,
  },
  BG9X: {
    ...EC2X_2018,
    name: 'BG9X',
    model: 'BG95-M3',
    revision: 'BG95M3LAR02A03',
    subRevision: 'BG95M3LAR02A03_01.200.01.200',
    pubFixedLength: true,
    pubInline: true,
    pubexInline: true,
    pubexCtrlZ: false,
    pubexResultPrefix: '+QMTPUB',
    sni: true,
    retryRange: [0, 10],
    maxPayload: 4096,
  },
};

export function isProfileName(s: string): s is ProfileName {
  return Object.hasOwn(profiles, s);
}

/**
 * Delays in ms at speed 1 (protocol.md §6 "Simulator timing knobs", §4.6 power-up, §1.6). The runtime
 * multiplies each by the speed factor; 0 means as fast as possible.
 */
export const timing = {
  /** Command → final code for local commands. */
  reply: 20,
  /** QMTOPEN → +QMTOPEN (plain / TLS); the real connect time is added. */
  open: 300,
  openTls: 2000,
  connect: 200,
  ack: 150,
  close: 50,
  /** CONNACK refusal → +QMTSTAT: i,1 (protocol.md §3.4). */
  refusedStat: 100,
  /** QIACT activation. */
  pdpActivate: 800,
  /** Power-up URCs, each relative to the previous one (protocol.md §4.6, compressed from 10-20 s). */
  powerUp: { rdy: 1500, cfun: 300, cpin: 200, qusim: 100, smsDone: 1500, pbDone: 800 },
} as const;
