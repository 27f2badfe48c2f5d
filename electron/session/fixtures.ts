// Recorded-style transcripts (protocol.md §5 sessions and §8 failure cases) used by golden tests,
// the `workbench diagram` sample and the benchmark.
import type { Step } from './transcript';

/** protocol.md §5.1: open, connect, subscribe, QoS 0 publish, incoming message, disconnect. */
export const successSession: Step[] = [
  { at: 0, urc: 'RDY' },
  { at: 400, urc: '+CPIN: READY' },
  { at: 1000, send: 'AT+QMTCFG="recv/mode",0,0,1' },
  { at: 1100, send: 'AT+QMTOPEN=0,"broker.example.net",1883' },
  { at: 1950, urc: '+QMTOPEN: 0,0' },
  { at: 2000, send: 'AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"' },
  { at: 2400, urc: '+QMTCONN: 0,0,0' },
  { at: 2500, send: 'AT+QMTSUB=0,1,"site7/cmd/#",1' },
  { at: 2700, urc: '+QMTSUB: 0,1,0,1' },
  { at: 3000, send: 'AT+QMTPUB=0,0,0,0,"site7/telemetry"', payload: '{"t":21.5}' },
  { at: 3040, urc: '+QMTPUB: 0,0,0' },
  { at: 4000, urc: '+QMTRECV: 0,3,"site7/cmd/led",2,"on"' },
  { at: 5000, send: 'AT+QMTDISC=0' },
  { at: 5300, urc: '+QMTDISC: 0,0' },
];

/** protocol.md §5.2 shape: TLS open, QoS 1 fixed-length publish, QoS 2 publish, close without DISCONNECT. */
export const qosSession: Step[] = [
  { at: 0, send: 'AT+QMTCFG="ssl",0,1,2' },
  { at: 100, send: 'AT+QMTOPEN=0,"iot.example.org",8883' },
  { at: 2600, urc: '+QMTOPEN: 0,0' },
  { at: 2700, send: 'AT+QMTCONN=0,"meter-0042"' },
  { at: 2900, urc: '+QMTCONN: 0,0,0' },
  { at: 3000, send: 'AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12', payload: '{"kwh":1234}', fixedLength: true },
  { at: 3400, urc: '+QMTPUBEX: 0,7,0' },
  { at: 4000, send: 'AT+QMTPUB=0,8,2,0,"meters/0042/up"', payload: 'x=1' },
  { at: 4600, urc: '+QMTPUB: 0,8,0' },
  { at: 5000, send: 'AT+QMTCLOSE=0' },
  { at: 5100, urc: '+QMTCLOSE: 0,0' },
];

/** protocol.md §3.4 + §8: the broker refuses the credentials, then closes the socket. */
export const refusedConnectSession: Step[] = [
  { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"wb-demo-0001","fielduser","wrong;pass#1"' },
  { at: 700, urc: '+QMTCONN: 0,0,4' },
  { at: 800, urc: '+QMTSTAT: 0,1' },
];

/** protocol.md §3.1 code 2: the keep-alive fails on an established session. */
export const linkDropSession: Step[] = [
  { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"wb-demo-0001"' },
  { at: 600, urc: '+QMTCONN: 0,0,0' },
  { at: 180_000, urc: '+QMTSTAT: 0,2' },
];

/** protocol.md §8 "OK after publish command but no result URC": the SUBACK never comes. */
export const timeoutSession: Step[] = [
  { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"wb-demo-0001"' },
  { at: 600, urc: '+QMTCONN: 0,0,0' },
  { at: 1000, send: 'AT+QMTSUB=0,5,"site7/cmd/#",1' },
  { at: 40_000, send: 'AT' },
];
