// The shape of the code catalogue's explanations (electron/quectel/codes.ts), shared so the
// renderer can show them. Plain data.

/** Which table a code belongs to. The Problem code is `${family}.${code}` (e.g. 'qmtopen.-1'). */
export type CodeFamily =
  | 'qmtopen'
  | 'qmtclose'
  | 'qmtdisc'
  | 'qmtconn'
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
  | 'reg';

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
}

export interface ExplainContext {
  /** The command a plain ERROR answered, e.g. 'AT+QMTOPEN=0,"h",1883'. */
  command?: string;
  /** The MQTT server host, to add Alibaba Cloud hints. */
  host?: string;
}
