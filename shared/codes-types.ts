// The shape of the code catalogue's explanations (electron/quectel/codes.ts), shared so the
// renderer can show them. Plain data.

/** Which table a code belongs to. The Problem code is `${family}.${code}` (e.g. 'qmtopen.-1'). */
export type CodeFamily =
  | 'qmtopen'
  | 'qmtclose'
  | 'qmtdisc'
  | 'qmtconn'
  | 'qmtconnstate'
  | 'connack'
  | 'qmtstat'
  | 'qmtsub'
  | 'qmtuns'
  | 'qmtpub'
  | 'qmtping'
  | 'cme'
  | 'cms'
  | 'error'
  | 'cpin'
  | 'csq'
  | 'qcsq'
  | 'qeng'
  | 'reg'
  | 'diag'
  | 'tls'
  /** The laptop's probe of the server the modem was told to use. */
  | 'laptop';

export interface CodeEntry {
  family: CodeFamily;
  /** The code as it appears on the wire ('-1', '4', '128'), or a context name for plain ERROR. */
  code: string;
  /** True when the code reports success (e.g. +QMTOPEN: 0,0). */
  success: boolean;
  meaning: string;
  likelyCauses: string[];
  nextStep: string;
  /** 27.007 text of a CME error, matched when the modem runs with AT+CMEE=2. */
  text?: string;
  /** Spec section the row comes from. */
  source: string;
}

export interface AliyunHint {
  likelyCauses: string[];
  nextStep: string;
}

/** A code explained for a person; `key` is the Problem code. */
export interface Explanation {
  key: string;
  family: CodeFamily;
  code: string;
  success: boolean;
  meaning: string;
  likelyCauses: string[];
  nextStep: string;
  /** Present when the server looks like an Alibaba Cloud IoT endpoint and the code has a cloud-specific reading. */
  aliyun?: AliyunHint;
  /** The text that was explained. */
  input: string;
  /** Set when the line reports a partial success (a SUBACK granting some filters, refusing others). */
  partial?: boolean;
  /** Per topic filter of a SUBACK, in request order (names known when the command was given). */
  filters?: FilterResult[];
}

/** One topic filter's answer in a SUBACK (+QMTSUB: <idx>,<msgID>,0,<value>…). */
export interface FilterResult {
  /** The filter as sent, when the subscribe command is known. */
  filter?: string;
  granted: boolean;
  /** Granted QoS (0–2); absent when refused (128). */
  qos?: number;
}

export interface ExplainContext {
  /**
   * The command the line answers ('AT+QMTOPEN=0,"h",1883', 'AT+CEREG?'): a plain ERROR or
   * +CME ERROR gets the command's specific cause, a read answer is read as a state. Absent: the
   * line is read as a URC or a code typed by a person.
   */
  command?: string;
  /** Whether that command's MQTT client was connected when it was sent, when known. */
  connected?: boolean;
  /** The MQTT server host, to add Alibaba Cloud hints. */
  host?: string;
  /** AT+CMEE=2 is already on in this session: advice to turn it on is left out. */
  verboseErrors?: boolean;
}
