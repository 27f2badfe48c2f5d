// The one catalogue of result and error codes a Quectel MQTT session can show: what each code
// means, why it usually happens and what to try next, in words a field engineer can act on.
// The log, the wizard, the diagram and the exports all read it; nothing else explains codes.
// Pure: imports only shared/.
import type { AliyunHint, CodeEntry, CodeFamily, ExplainContext, Explanation, FilterResult } from '../codes-types';
import { problem, type Problem } from '../outcome';
import { answersRead, parseCommand, toInt, type ParsedCommand } from './fields';
import { isRegistrationLine, parseRegistration } from './registration';
import { parseQcsq, parseServingCellLine, qcsqDbm, type LteCell, type Qcsq, type ServingCell } from './radio';
import { qualityOf, rssiToDbm } from './signal';
import { rsrpQuality } from '../signal-quality';

// The catalogue's readings and the views say a quality alike (shared/signal-quality.ts).
export { rsrpQuality };

export type { AliyunHint, CodeEntry, CodeFamily, ExplainContext, Explanation, FilterResult } from '../codes-types';

const row = (
  family: CodeFamily,
  code: string | number,
  meaning: string,
  likelyCauses: string[],
  nextStep: string,
  source: string,
  extra: { success?: boolean; text?: string } = {},
): CodeEntry => ({ family, code: String(code), success: extra.success ?? false, meaning, likelyCauses, nextStep, source, ...(extra.text ? { text: extra.text } : {}) });

// Result URCs: protocol.md §3.3, causes and checks from §8, recovery from §3.1.
const QMTOPEN: CodeEntry[] = [
  row('qmtopen', -1, 'Failed to open the network connection (TCP or TLS).', [
    'server refused or did not answer the TCP connection',
    'TLS handshake failed: CA certificate wrong or missing, SNI required, client certificate/key missing or mismatched, cipher or TLS version mismatch',
    'module clock invalid while certificate time checking is on (ignorelocaltime=0)',
    'port blocked by the mobile operator',
  ], 'Run AT+QPING=1,"<host>"; try port 1883 to a public test broker; read back every AT+QSSLCFG option of the SSL context in use, list files with AT+QFLST, enable "sni", check AT+CCLK?.', 'protocol.md §3.3, §8'),
  row('qmtopen', 0, 'Network connection opened.', [], 'Send AT+QMTCONN promptly (within about 2 s), or the broker may close the idle socket.', 'protocol.md §3.3, quirk 18', { success: true }),
  row('qmtopen', 1, 'Wrong parameter: the module rejected the open request.', ['host name longer than 100 bytes', 'port out of range'], 'Check the AT+QMTOPEN command string: host name and port.', 'protocol.md §3.3, §8'),
  row('qmtopen', 2, 'This client index is already open.', ['an earlier session was not closed', 'firmware kept the index occupied after +QMTSTAT'], 'Check AT+QMTOPEN?; send AT+QMTCLOSE=<idx> (ignore its result), then open again.', 'protocol.md §3.3, §3.1, §8'),
  row('qmtopen', 3, 'Failed to activate the PDP context (no mobile data).', ['wrong APN or APN user/password', 'not attached to the packet network', 'no data plan on the SIM', 'wrong "pdpcid" for this client'], 'Check AT+QICSGP=<cid>, AT+QIACT?, AT+CEREG? and AT+CGATT?; activate manually with AT+QIACT=<cid>.', 'protocol.md §3.3, §8'),
  row('qmtopen', 4, 'Failed to resolve the server name (DNS).', ['host name typo', 'no DNS server from the network'], 'Check AT+QIDNSCFG=<cid>; AT+QPING by name and by IP address; try the IP address instead of the name.', 'protocol.md §3.3, §8'),
  row('qmtopen', 5, 'Network connection error.', ['server down', 'port closed', 'firewall in the way'], 'Run AT+QPING to the server; try another port or a public test broker.', 'protocol.md §3.3, §8'),
];

const QMTCLOSE: CodeEntry[] = [
  row('qmtclose', -1, 'Failed to close the network connection.', ['the index was not open', 'the link was already gone'], 'Check AT+QMTOPEN?; if the index still shows, reset the module (AT+CFUN=1,1).', 'protocol.md §2.3, §3.3'),
  row('qmtclose', 0, 'Network connection closed.', [], 'Nothing to do; open again with AT+QMTOPEN when needed.', 'protocol.md §3.3', { success: true }),
];

const QMTDISC: CodeEntry[] = [
  row('qmtdisc', -1, 'Failed to disconnect.', ['the client was not connected', 'the link was already gone'], 'Check AT+QMTCONN?; close the index with AT+QMTCLOSE=<idx> before opening again.', 'protocol.md §2.5, §3.3'),
  row('qmtdisc', 0, 'Disconnected; the client index is closed now.', [], 'Nothing to do; a new session needs AT+QMTOPEN again.', 'protocol.md §3.3', { success: true }),
];

const QMTCONN: CodeEntry[] = [
  row('qmtconn', 0, 'CONNECT sent and CONNACK received.', [], 'Look at the CONNACK code (third field): 0 means connected.', 'protocol.md §3.3', { success: true }),
  row('qmtconn', 1, 'CONNECT is being retransmitted (no CONNACK yet).', ['broker slow', 'lossy link'], 'Keep waiting up to pkt_timeout × retry_times; if it fails, check the port vs TLS setting and signal (AT+CSQ).', 'protocol.md §3.3'),
  row('qmtconn', 2, 'Failed to send CONNECT; no CONNACK came.', ['TLS expected on that port', 'broker overloaded', 'poor radio link'], 'Check AT+QMTCFG="timeout",<idx>, that the port matches the SSL setting, and AT+CSQ; reopen and reconnect.', 'protocol.md §3.3, §8'),
];

// States of the read answer '+QMTCONN: <idx>,<state>' (AT+QMTCONN?): protocol.md §2.4. States, not results.
const QMTCONNSTATE: CodeEntry[] = [
  row('qmtconnstate', 1, 'The client is initializing: the network is open, MQTT is not connected.', [], 'Send AT+QMTCONN to connect (within about 2 s of +QMTOPEN).', 'protocol.md §2.4, §6', { success: true }),
  row('qmtconnstate', 2, 'The client is connecting: CONNECT was sent, the CONNACK is awaited.', [], 'Wait for +QMTCONN: <idx>,0,<ret_code>; it comes within pkt_timeout × retry_times.', 'protocol.md §2.4, §6', { success: true }),
  row('qmtconnstate', 3, 'The client is connected.', [], 'Subscribe and publish.', 'protocol.md §2.4, §6', { success: true }),
  row('qmtconnstate', 4, 'The client is disconnecting.', [], 'Wait for +QMTDISC: <idx>,0; open again with AT+QMTOPEN afterwards.', 'protocol.md §2.4, §6', { success: true }),
];

// CONNACK return codes: protocol.md §3.4, causes from §8.
const CONNACK: CodeEntry[] = [
  row('connack', 0, 'Connection accepted.', [], 'Connected: subscribe and publish.', 'protocol.md §3.4', { success: true }),
  row('connack', 1, 'Refused: unacceptable protocol version.', ['broker does not accept the MQTT version the module uses'], 'Set AT+QMTCFG="version",<idx>,4 (MQTT 3.1.1), or 3 for old brokers, then reopen.', 'protocol.md §3.4, §8'),
  row('connack', 2, 'Refused: client identifier rejected.', ['client ID empty, too long or with invalid characters', 'client ID not allowed by broker policy'], 'Check the client ID string.', 'protocol.md §3.4, §8'),
  row('connack', 3, 'Refused: server unavailable.', ['broker not ready', 'for some clouds: keepalive out of the accepted range'], 'Check the broker status and the keepalive (e.g. 30–1200 s for Alibaba Cloud).', 'protocol.md §3.4, §8'),
  row('connack', 4, 'Refused: bad user name or password.', ['wrong user name or password or signature', 'wrong region or endpoint for cloud credentials'], 'Check the credentials, the "aliauth" triple and the endpoint.', 'protocol.md §3.4, §8'),
  row('connack', 5, 'Refused: not authorised.', ['device disabled', 'ACL forbids this client', 'certificate not attached to a policy'], 'Check the device and its policy in the broker console.', 'protocol.md §3.4, §8'),
];

// +QMTSTAT: protocol.md §3.1 (meaning and recommended host action), causes from §8.
const QMTSTAT: CodeEntry[] = [
  row('qmtstat', 1, 'The server closed or reset the connection.', ['duplicate client ID (another device connected with the same ID)', 'broker policy violation (bad topic, QoS 2 or retain not allowed)', 'socket idle too long before CONNECT', 'server restart', 'TLS alert'], 'Reopen (AT+QMTOPEN then AT+QMTCONN); check client ID uniqueness, the last command sent before it, and the broker logs.', 'protocol.md §3.1, §8'),
  row('qmtstat', 2, 'Sending PINGREQ timed out or failed (keep-alive lost).', ['coverage loss', 'NAT or firewall idle timeout shorter than the keepalive'], 'Deactivate and reactivate the PDP context (AT+QIDEACT/AT+QIACT), then reopen; check AT+CSQ/AT+CEREG? and try a lower keepalive.', 'protocol.md §3.1, §8'),
  row('qmtstat', 3, 'Sending CONNECT timed out or failed.', ['wrong user name or password', 'client ID not unique', 'no CONNACK: TLS expected on that port, broker overloaded, poor link'], 'Check user name, password and client ID uniqueness; check AT+QMTCFG="timeout" and port vs SSL; reopen and reconnect.', 'protocol.md §3.1, §8'),
  row('qmtstat', 4, 'Receiving CONNACK timed out or failed.', ['port and TLS setting do not match the broker', 'wrong credentials', 'broker overloaded or poor link'], 'Check that the port/TLS setting matches the broker, then the credentials; reopen and reconnect.', 'protocol.md §3.1, §8'),
  row('qmtstat', 5, 'The client sent DISCONNECT and the server closed the link (normal close).', [], 'Normal; nothing to do.', 'protocol.md §3.1', { success: true }),
  row('qmtstat', 6, 'The client closed the link because sending kept failing.', ['payload or topic not valid', 'network congestion'], 'Check payload size and topic validity, and the network; reopen.', 'protocol.md §3.1, §8'),
  row('qmtstat', 7, 'The link is not alive or the server is unavailable.', ['PDP context dropped', 'coverage lost', 'server unreachable'], 'Check AT+QIACT?, AT+CEREG? and AT+QPING; reopen with back-off.', 'protocol.md §3.1, §8'),
  row('qmtstat', 8, 'The client closed the MQTT connection.', ['closed by the module (later Cat-1 firmware)'], 'Reconnect.', 'protocol.md §3.1'),
];

// Result URCs of SUB/UNS/PUB: protocol.md §3.3; 128 and result 2 from §8.
const QMTSUB: CodeEntry[] = [
  row('qmtsub', 0, 'SUBACK received: subscribed.', [], 'Nothing to do; matching messages arrive as +QMTRECV.', 'protocol.md §3.3', { success: true }),
  row('qmtsub', 1, 'SUBSCRIBE is being retransmitted (no SUBACK yet).', ['broker slow', 'lossy link'], 'Keep waiting up to pkt_timeout × retry_times.', 'protocol.md §3.3, §8'),
  row('qmtsub', 2, 'Failed to send SUBSCRIBE; the link is going down.', ['connection lost'], 'Expect +QMTSTAT; reconnect.', 'protocol.md §3.3, §8'),
  row('qmtsub', 'partial', 'Subscribed in part: the broker granted some topic filters and refused others (128).', ['ACL forbids some of the topic filters', 'topic filter not allowed', 'QoS not supported for that filter'], 'The granted filters work; check the refused ones against the broker ACL.', 'protocol.md §2.6, §3.3, §8'),
  row('qmtsub', 128, 'Subscription refused by the broker.', ['ACL forbids the topic filter', 'topic filter not allowed', 'QoS not supported'], 'Check the topic filter and the broker ACL.', 'protocol.md §2.6, §8'),
];

const QMTUNS: CodeEntry[] = [
  row('qmtuns', 0, 'UNSUBACK received: unsubscribed.', [], 'Nothing to do.', 'protocol.md §3.3', { success: true }),
  row('qmtuns', 1, 'UNSUBSCRIBE is being retransmitted (no UNSUBACK yet).', ['broker slow', 'lossy link'], 'Keep waiting up to pkt_timeout × retry_times.', 'protocol.md §3.3'),
  row('qmtuns', 2, 'Failed to send UNSUBSCRIBE; the link is going down.', ['connection lost'], 'Expect +QMTSTAT; reconnect.', 'protocol.md §3.3, §8'),
];

const QMTPUB: CodeEntry[] = [
  row('qmtpub', 0, 'Published (QoS 0: sent; QoS 1/2: acknowledged).', [], 'Nothing to do.', 'protocol.md §3.3', { success: true }),
  row('qmtpub', 1, 'PUBLISH is being retransmitted (no PUBACK yet).', ['broker slow', 'lossy link'], 'Keep waiting up to pkt_timeout × retry_times.', 'protocol.md §3.3, §8'),
  row('qmtpub', 2, 'Failed to send PUBLISH; the link is going down.', ['connection lost', 'all retries used up'], 'Expect +QMTSTAT; reconnect.', 'protocol.md §3.3, §8'),
];

const QMTPING: CodeEntry[] = [
  row('qmtping', 1, 'Keep-alive failed: PINGRESP missing.', ['coverage loss', 'NAT or firewall idle timeout shorter than the keepalive'], 'Expect +QMTSTAT shortly; check AT+CSQ/AT+CEREG?, lower the keepalive, re-activate the PDP context.', 'protocol.md §3.3, §3.1'),
];

// +CME ERROR codes and texts: protocol.md §4.7 (3GPP TS 27.007 plus Quectel file and TCP/IP ranges).
const cme = (code: number, text: string, meaning: string, likelyCauses: string[], nextStep: string): CodeEntry =>
  row('cme', code, meaning, likelyCauses, nextStep, 'protocol.md §4.7', { text });
const fileErr = (code: number, text: string, nextStep = 'Check the file name and the file system (AT+QFLST, AT+QFLDS).'): CodeEntry =>
  cme(code, text, `File system error: ${text}.`, ['certificate or file operation failed'], nextStep);
const tcpErr = (code: number, text: string, likelyCauses: string[], nextStep: string): CodeEntry =>
  cme(code, text, `TCP/IP error: ${text}.`, likelyCauses, nextStep);

const CME: CodeEntry[] = [
  cme(0, 'phone failure', 'Phone (module) failure.', ['internal module error'], 'Retry; if it persists reset the module (AT+CFUN=1,1).'),
  cme(3, 'operation not allowed', 'Operation not allowed in the current state.', ['command sent in the wrong state', 'SIM or network not ready'], 'Check the state the command needs (SIM ready, registered, client open/connected) and retry.'),
  cme(4, 'operation not supported', 'Operation not supported by this firmware.', ['command or option missing on this firmware'], 'Check AT+QGMR and the test form (AT+<cmd>=?) for what this firmware supports.'),
  cme(10, 'SIM not inserted', 'No SIM card detected.', ['SIM missing', 'bad SIM contact'], 'Check the SIM seating, then power-cycle the module.'),
  cme(11, 'SIM PIN required', 'The SIM needs its PIN.', ['SIM PIN lock enabled'], 'Enter the PIN with AT+CPIN="<pin>", or disable the PIN lock on a phone.'),
  cme(12, 'SIM PUK required', 'The SIM is blocked and needs its PUK.', ['too many wrong PIN attempts'], 'Unblock with AT+CPIN="<puk>","<new pin>" using the operator\'s PUK.'),
  cme(13, 'SIM failure', 'SIM failure.', ['damaged SIM', 'bad contact', 'unsupported SIM voltage'], 'Reseat or replace the SIM.'),
  cme(14, 'SIM busy', 'The SIM is still initialising.', ['command sent too soon after power-up'], 'Wait for +QIND: PB DONE (or +CPIN: READY) and retry.'),
  cme(15, 'SIM wrong', 'Wrong SIM.', ['SIM locked to another network or device'], 'Use a SIM provisioned for this device and network.'),
  cme(16, 'incorrect password', 'Incorrect password (PIN).', ['wrong PIN entered'], 'Check the PIN; careful, further wrong attempts block the SIM.'),
  cme(30, 'no network service', 'No network service.', ['no coverage', 'antenna missing', 'band or RAT locked'], 'Check the antenna, AT+CSQ and AT+COPS?.'),
  cme(31, 'network timeout', 'Network timeout.', ['weak signal', 'network congestion'], 'Retry; check AT+CSQ.'),
  cme(32, 'network not allowed - emergency calls only', 'Network not allowed: emergency calls only.', ['SIM not provisioned or roaming not allowed', 'registration denied'], 'Check the SIM subscription and roaming; AT+CEREG? and AT+COPS?.'),
  cme(50, 'incorrect parameters', 'Incorrect parameters.', ['value out of range', 'wrong quoting'], 'Check the command against its test form (AT+<cmd>=?).'),
  cme(100, 'unknown', 'Unknown error.', ['unspecified module error'], 'Retry; check AT+QGMR and the command syntax.'),
  fileErr(400, 'invalid input value'),
  fileErr(401, 'larger than file size'),
  fileErr(402, 'read zero byte'),
  fileErr(403, 'drive full', 'Delete unused files (AT+QFDEL) and check space with AT+QFLDS.'),
  fileErr(405, 'file not found', 'Check the name with AT+QFLST; upload the file with AT+QFUPL (harmless after AT+QFDEL).'),
  fileErr(406, 'invalid file name'),
  fileErr(407, 'file already exists', 'Delete it first with AT+QFDEL="<name>", then upload again.'),
  fileErr(409, 'write failed'),
  fileErr(410, 'open failed'),
  fileErr(411, 'read failed'),
  fileErr(413, 'too many open files'),
  fileErr(414, 'file read-only'),
  fileErr(416, 'invalid file descriptor'),
  fileErr(417, 'list failed'),
  fileErr(418, 'delete failed'),
  fileErr(419, 'disk info failed'),
  fileErr(420, 'no space', 'Delete unused files (AT+QFDEL) and check space with AT+QFLDS.'),
  fileErr(421, 'timeout', 'Send the file data promptly after CONNECT, or raise the upload timeout.'),
  fileErr(423, 'file too large'),
  fileErr(425, 'invalid parameter'),
  fileErr(426, 'file already opened'),
  tcpErr(550, 'unknown', ['unspecified TCP/IP error'], 'Retry; check AT+QIACT? and AT+CEREG?.'),
  tcpErr(551, 'operation blocked', ['another operation in progress'], 'Wait and retry.'),
  tcpErr(552, 'invalid parameters', ['value out of range'], 'Check the command parameters.'),
  tcpErr(553, 'memory not enough', ['too many sockets or clients open'], 'Close unused sockets/clients and retry.'),
  tcpErr(554, 'create socket failed', ['too many sockets open'], 'Close unused sockets/clients and retry.'),
  tcpErr(555, 'operation not supported', ['not supported by this firmware'], 'Check AT+QGMR.'),
  tcpErr(556, 'bind failed', ['local port in use'], 'Retry with another local port.'),
  tcpErr(557, 'listen failed', ['local port in use'], 'Retry with another local port.'),
  tcpErr(558, 'write failed', ['link lost'], 'Check AT+QIACT? and coverage.'),
  tcpErr(559, 'read failed', ['link lost'], 'Check AT+QIACT? and coverage.'),
  tcpErr(560, 'accept failed', ['link lost'], 'Retry.'),
  tcpErr(561, 'open PDP context failed', ['wrong APN or APN credentials', 'not attached', 'no data plan'], 'Check AT+QICSGP=<cid> (APN), AT+CEREG? and AT+CGATT?; retry AT+QIACT=<cid>.'),
  tcpErr(562, 'close PDP context failed', ['context already down'], 'Check AT+QIACT?.'),
  tcpErr(563, 'socket identity used', ['connect ID already in use'], 'Close that socket or use another ID.'),
  tcpErr(564, 'DNS busy', ['too many DNS requests at once'], 'Wait and retry.'),
  tcpErr(565, 'DNS parse failed', ['host name typo', 'no DNS from the network'], 'Check the host name and AT+QIDNSCFG=<cid>; try the IP address.'),
  tcpErr(566, 'socket connect failed', ['server down', 'port closed', 'firewall'], 'Check the server and port; AT+QPING.'),
  tcpErr(567, 'socket closed', ['peer closed the connection'], 'Reopen the connection.'),
  tcpErr(568, 'operation busy', ['another operation in progress'], 'Wait and retry.'),
  tcpErr(569, 'operation timeout', ['weak signal', 'server not answering'], 'Check AT+CSQ and the server; retry.'),
  tcpErr(570, 'PDP context broken down', ['network dropped the data session'], 'Reactivate with AT+QIDEACT=<cid> then AT+QIACT=<cid>.'),
  tcpErr(571, 'cancel send', ['send cancelled'], 'Retry the send.'),
  tcpErr(572, 'operation not allowed', ['wrong state for this operation'], 'Check AT+QIACT? and the socket state.'),
  tcpErr(573, 'APN not configured', ['no APN set for the context'], 'Set the APN with AT+QICSGP=<cid>,1,"<apn>".'),
  tcpErr(574, 'port busy', ['port in use'], 'Retry with another port.'),
];

// +CMS ERROR: no table in the reference; one generic row keeps every code explained.
const CMS: CodeEntry[] = [
  row('cms', '*', 'Message service (SMS) error.', ['SMS command in the wrong state', 'SIM or network not ready'], 'MQTT does not use SMS; check the command that was sent and the SIM state (AT+CPIN?).', 'protocol.md §1.2 (27.005 family)'),
];

// Plain ERROR per command context: protocol.md §1.2, §2.x error notes and §8 first rows.
const ERROR: CodeEntry[] = [
  row('error', 'generic', 'The module rejected the command.', ['syntax error (quotes, parameter range)', 'command not valid in the current state', 'typographic quotes pasted instead of "'], 'Check the command against its test form (AT+<cmd>=?) and enable verbose errors with AT+CMEE=2.', 'protocol.md §1.2'),
  row('error', 'qmtopen', 'AT+QMTOPEN rejected at once.', ['syntax: quotes, client index > 5, port out of range', 'typographic quotes', 'firmware without MQTT AT commands'], 'Check with AT+QMTOPEN=? and the firmware with AT+QGMR.', 'protocol.md §2.2, §8'),
  row('error', 'qmtconn', 'AT+QMTCONN rejected.', ['network not open for this index (open first, or the broker already closed the idle socket)', 'client already connecting or connected', 'syntax: a password without a user name, quotes'], 'Send AT+QMTCONN within about 2 s of +QMTOPEN: <idx>,0; check AT+QMTCONN? and AT+QMTOPEN?.', 'protocol.md §2.4, §6, quirk 18'),
  row('error', 'qmtsub', 'AT+QMTSUB rejected.', ['client not connected', 'msgID 0 or out of range', 'syntax'], 'Check AT+QMTCONN? (state 3 = connected) and the command syntax.', 'protocol.md §2.6, §6'),
  row('error', 'qmtuns', 'AT+QMTUNS rejected.', ['client not connected', 'msgID 0 or out of range', 'syntax'], 'Check AT+QMTCONN? (state 3 = connected) and the command syntax.', 'protocol.md §2.7, §6'),
  row('error', 'qmtpub', 'Publish command rejected.', ['client not connected', 'msgID 0 with QoS 1/2', 'syntax', 'this firmware lacks the publish form used (fixed length or inline)'], 'Check AT+QMTCONN? (state 3 = connected), the msgID/QoS pair, and AT+QMTPUB=?/AT+QMTPUBEX=? for the supported forms.', 'protocol.md §2.8, §2.9, §6'),
  row('error', 'qmtcfg', 'AT+QMTCFG rejected.', ['client already connected (options only change while not connected)', 'option not supported by this firmware', 'value out of range'], 'Disconnect first; check AT+QMTCFG=? for the options and ranges of this firmware.', 'protocol.md §2.1, §2.1.10'),
  row('error', 'qmtdisc', 'AT+QMTDISC rejected.', ['client not connected'], 'Check AT+QMTCONN?; use AT+QMTCLOSE=<idx> to free an opened index.', 'protocol.md §2.5'),
  row('error', 'qmtclose', 'AT+QMTCLOSE rejected.', ['index not open'], 'Nothing to close; check AT+QMTOPEN?.', 'protocol.md §2.3'),
  row('error', 'qmtrecv', 'AT+QMTRECV rejected.', ['recv/mode is not 1 (buffered)', 'index or slot out of range'], 'Check AT+QMTCFG="recv/mode",<idx>.', 'protocol.md §2.10'),
  row('error', 'qiact', 'Activating the PDP context failed.', ['wrong APN or APN credentials', 'not attached to the packet network', 'no data plan', 'context already active (some firmware)'], 'Check AT+QIACT? first, then AT+QICSGP=<cid>, AT+CEREG? and AT+CGATT?.', 'protocol.md §4.3'),
  row('error', 'qmtcfg-connected', 'AT+QMTCFG refused: the client is already connected, disconnect first.', ['options only change while the client is not connected'], 'Disconnect (AT+QMTDISC=<idx>), set the option, then open and connect again.', 'protocol.md §2.1, §6'),
  row('error', 'qmtconn-connected', 'AT+QMTCONN refused: the client is already connected.', ['a CONNECT was already accepted for this index'], 'Check AT+QMTCONN? (3 = connected); disconnect first to connect with other settings.', 'protocol.md §2.4, §6'),
  row('error', 'qmt-not-connected', 'Refused: the client is not connected.', ['SUB/UNS/PUB need a connected client (AT+QMTCONN? state 3)', 'the broker closed the link (+QMTSTAT) before this command'], 'Open and connect first (AT+QMTOPEN, AT+QMTCONN); check AT+QMTCONN?.', 'protocol.md §2.6–§2.9, §6'),
  row('error', 'qmtpub-msgid0', 'Publish refused: msgID 0 is only allowed with QoS 0.', ['QoS 1 or 2 with msgID 0'], 'Use a msgID 1–65535 for QoS 1/2, or QoS 0 with msgID 0.', 'protocol.md §2.8'),
  row('error', 'qmtopen-range', 'AT+QMTOPEN refused: a parameter is out of range.', ['client index above 5', 'port outside 1–65535', 'host name longer than 100 bytes'], 'Check the client index (0–5), the port and the host name length; AT+QMTOPEN=? lists the ranges.', 'protocol.md §2.2, §8'),
  row('error', 'typographic-quotes', 'The command holds typographic quotes (“ ”), which the modem does not accept.', ['command pasted from a document or chat that replaced " with “ ”'], 'Retype the quotes as plain ASCII " and send again.', 'protocol.md quirk 16, §8'),
  row('error', 'qsslcfg-quoted-ciphersuite', 'AT+QSSLCFG rejected: the "ciphersuite" value is quoted.', ['ciphersuite must be unquoted hex (0XFFFF); the quoted form is refused on some firmware'], 'Send it unquoted: AT+QSSLCFG="ciphersuite",<ctx>,0XFFFF.', 'protocol.md §4.4, quirk 9, §8'),
  row('error', 'qsslcfg-sni', 'AT+QSSLCFG "sni" rejected: this firmware has no SNI option.', ['"sni" exists on later firmware only'], 'Check AT+QSSLCFG=? and AT+QGMR; use a firmware with "sni" for brokers that require it.', 'protocol.md §4.4'),
  row('error', 'qsslcfg', 'AT+QSSLCFG rejected.', ['"ciphersuite" value quoted (must be unquoted hex like 0XFFFF)', 'unsupported suite', 'option not on this firmware (e.g. "sni")'], 'Send ciphersuite unquoted (0XFFFF); check AT+QSSLCFG=?.', 'protocol.md §4.4, §8'),
];

// SIM, signal and registration states that stop a bring-up: protocol.md §4.2 and §8.
const CPIN: CodeEntry[] = [
  row('cpin', 'READY', 'SIM ready.', [], 'Nothing to do.', 'protocol.md §4.2', { success: true }),
  row('cpin', 'NOT INSERTED', 'No SIM card detected.', ['SIM missing', 'bad SIM contact'], 'Check the SIM seating, then power-cycle the module.', 'protocol.md §4.6, §8'),
  row('cpin', 'SIM PIN', 'The SIM needs its PIN.', ['SIM PIN lock enabled'], 'Enter the PIN with AT+CPIN="<pin>", or disable the PIN lock.', 'protocol.md §4.2'),
  row('cpin', 'SIM PUK', 'The SIM is blocked and needs its PUK.', ['too many wrong PIN attempts'], 'Unblock with AT+CPIN="<puk>","<new pin>".', 'protocol.md §4.2'),
  row('cpin', 'SIM PIN2', 'The SIM needs PIN2.', ['PIN2 requested'], 'Enter PIN2.', 'protocol.md §4.2'),
  row('cpin', 'SIM PUK2', 'The SIM needs PUK2.', ['PIN2 blocked'], 'Enter PUK2.', 'protocol.md §4.2'),
  row('cpin', 'PH-NET PIN', 'The module is network-locked.', ['SIM from a network the module is locked against'], 'Use a SIM of the allowed network or get the unlock code.', 'protocol.md §4.2'),
];

const CSQ: CodeEntry[] = [
  row('csq', 99, 'No signal detected.', ['antenna missing or disconnected', 'no coverage on the enabled bands'], 'Check the antenna and the band settings; AT+COPS?.', 'protocol.md §4.2, §8'),
  // A reading: the meaning names its dBm and quality (see explain).
  row('csq', 'reading', 'Signal strength reading.', [], 'Above about -85 dBm is good for MQTT; below -100 dBm expect retransmissions and +QMTSTAT drops (check the antenna).', 'protocol.md §4.2', { success: true }),
];

// Radio detail (protocol.md §4.2.1): the serving system of AT+QCSQ and the cell state of AT+QENG="servingcell".
const QCSQ: CodeEntry[] = [
  row('qcsq', 'NOSERVICE', 'No serving system: the module is not camped on any cell.', ['no coverage on the enabled bands', 'antenna missing or disconnected', 'radio off (AT+CFUN)'], 'Check the antenna, AT+CFUN? (1) and the band/RAT settings; expect +QMTSTAT drops until service is back.', 'protocol.md §4.2.1'),
  row('qcsq', 'GSM', 'Served by GSM (2G): RSSI in dBm.', [], 'GSM data is slow; if LTE is expected check the band/RAT settings.', 'protocol.md §4.2.1', { success: true }),
  row('qcsq', 'WCDMA', 'Served by WCDMA (3G): RSSI and RSCP in dBm, Ec/Io in dB.', [], 'RSCP above about -95 dBm and Ec/Io above -12 dB are workable.', 'protocol.md §4.2.1', { success: true }),
  row('qcsq', 'LTE', 'Served by LTE: RSSI and RSRP in dBm, SINR and RSRQ in dB.', [], 'RSRP above about -100 dBm and SINR above 0 dB are workable; below -110 dBm RSRP or SINR under 0 dB expect retransmissions and +QMTSTAT drops.', 'protocol.md §4.2.1', { success: true }),
  row('qcsq', 'CAT-M1', 'Served by LTE-M (Cat-M1/eMTC): LTE fields.', [], 'As for LTE; coverage enhancement allows weaker RSRP on Cat-M1.', 'protocol.md §4.2.1', { success: true }),
  row('qcsq', 'CAT-NB1', 'Served by NB-IoT (Cat-NB1): LTE fields.', [], 'As for LTE; NB-IoT links are slow: raise MQTT timeouts and keep-alive.', 'protocol.md §4.2.1', { success: true }),
];

const QENG: CodeEntry[] = [
  row('qeng', 'SEARCH', 'Searching for a cell: none found yet.', ['no coverage on the enabled bands', 'antenna missing', 'still attaching after power-up'], 'Wait, then check the antenna and the band settings; AT+QCSQ shows what is heard.', 'protocol.md §4.2.1'),
  row('qeng', 'LIMSRV', 'Camped on a cell with limited service (emergency calls only).', ['SIM not accepted by this network', 'roaming not allowed', 'no subscription for this network'], 'Check the SIM (AT+CPIN?), its data plan and roaming; AT+COPS?.', 'protocol.md §4.2.1'),
  row('qeng', 'NOCONN', 'Camped and registered, idle (no data connection at this moment).', [], 'Nothing to do.', 'protocol.md §4.2.1', { success: true }),
  row('qeng', 'CONNECT', 'Camped and registered, with a data connection in progress.', [], 'Nothing to do.', 'protocol.md §4.2.1', { success: true }),
];

const REG: CodeEntry[] = [
  row('reg', 0, 'Not registered and not searching.', ['radio off (AT+CFUN)', 'SIM not provisioned', 'automatic network selection off'], 'Check AT+CFUN? (1 = full), AT+COPS? (mode 0) and the SIM.', 'protocol.md §4.2'),
  row('reg', 1, 'Registered on the home network.', [], 'Nothing to do.', 'protocol.md §4.2', { success: true }),
  row('reg', 2, 'Not registered, searching.', ['weak or no coverage', 'still attaching after power-up'], 'Wait (poll every 2 s); check AT+CSQ and the antenna.', 'protocol.md §4.2, §5.1'),
  row('reg', 3, 'Registration denied.', ['SIM not provisioned for data', 'roaming not allowed', 'band or RAT lock'], 'Check the SIM provisioning with the operator, roaming, and band/RAT locks.', 'protocol.md §4.2, §8'),
  row('reg', 4, 'Registration state unknown.', ['out of coverage', 'this network view is not in use (CGREG/CREG can show 4 while LTE works)'], 'Trust AT+CEREG? and AT+QIACT? for LTE data.', 'protocol.md §4.2, quirk 17'),
  row('reg', 5, 'Registered, roaming.', [], 'Nothing to do (check the data plan allows roaming).', 'protocol.md §4.2', { success: true }),
  // 27.007 §10.1.22 states 6–10 (the reference lists 0–5; LTE modules report these too).
  row('reg', 6, 'Registered for SMS only, home network.', [], 'Nothing to do for LTE data; voice is not available.', '27.007 §10.1.22', { success: true }),
  row('reg', 7, 'Registered for SMS only, roaming.', [], 'Nothing to do for LTE data (check the plan allows roaming).', '27.007 §10.1.22', { success: true }),
  row('reg', 8, 'Attached for emergency bearer services only.', ['SIM not accepted by the network', 'no subscription for this network', 'SIM missing or locked'], 'Check the SIM (AT+CPIN?), its subscription and roaming; AT+COPS?.', '27.007 §10.1.22'),
  row('reg', 9, 'Registered, home network (CSFB not preferred).', [], 'Nothing to do.', '27.007 §10.1.22', { success: true }),
  row('reg', 10, 'Registered, roaming (CSFB not preferred).', [], 'Nothing to do (check the data plan allows roaming).', '27.007 §10.1.22', { success: true }),
];

// Results of the checks the diagnosis table recommends (protocol.md §8): what a finding means for a
// bring-up. Codes are names, not wire numbers: the lines themselves are explained by explain().
const DIAG: CodeEntry[] = [
  row('diag', 'urcport-elsewhere', 'URCs go to another port than the one in use: every command answers OK but no result URC (+QMTOPEN, +QMTCONN …) ever arrives here.', ['AT+QURCCFG="urcport" names usbat or usbmodem while the host is on the main UART, or uart1 while it is on the USB AT port', 'the setting persists across power cycles, so another tool may have changed it'], 'Send AT+QURCCFG="urcport","uart1" on the main UART (or "usbat" on the USB AT port); the setting is kept.', 'protocol.md §1.4, quirk 19, §8'),
  row('diag', 'urcport-unknown', 'URCs go to the port named; whether it is this one cannot be told from the port name.', ['a USB–serial adapter on the main UART looks like a USB port'], 'If commands answer OK but no result URC ever comes, set AT+QURCCFG="urcport" to this port ("uart1" for the main UART, "usbat" for the USB AT port).', 'protocol.md §1.4, quirk 19', { success: true }),
  row('diag', 'urcport-here', 'URCs go to the port in use.', [], 'Nothing to do.', 'protocol.md §1.4', { success: true }),
  row('diag', 'detached', 'The module is not attached to the packet network (AT+CGATT? says 0): no mobile data is possible.', ['not registered yet', 'SIM without a data plan', 'packet service barred by the operator'], 'Check AT+CEREG? (1 or 5), the SIM\'s data plan, then attach with AT+CGATT=1 (up to 140 s).', 'protocol.md §8'),
  row('diag', 'attached', 'Attached to the packet network.', [], 'Nothing to do.', 'protocol.md §8', { success: true }),
  row('diag', 'no-dns', 'The PDP context has no DNS server, so host names cannot be resolved (+QMTOPEN: <idx>,4).', ['the network gave no DNS server', 'the context is not active'], 'Set servers with AT+QIDNSCFG=<cid>,"8.8.8.8","1.1.1.1", or use the server\'s IP address.', 'protocol.md §4.3, §8'),
  row('diag', 'dns', 'The PDP context has DNS servers.', [], 'If names still fail, ping the server by name and by IP address (AT+QPING).', 'protocol.md §4.3', { success: true }),
  row('diag', 'ping-failed', 'The host did not answer AT+QPING.', ['host down or not reachable from the mobile network', 'ICMP blocked by a firewall (then the MQTT port may still work)', 'DNS failed (565)', 'PDP context not active (561)'], 'Ping by IP address to rule out DNS; try a well-known host; check AT+QIACT? and AT+CEREG?.', 'protocol.md §4.3, §8'),
  row('diag', 'ping-partial', 'Some AT+QPING replies were lost.', ['weak or congested link'], 'Check AT+CSQ; expect slow or dropped MQTT exchanges on this link.', 'protocol.md §4.3', { success: true }),
  row('diag', 'ping-ok', 'The host answers AT+QPING.', [], 'The network path works; an open failure is then the port, TLS or the server.', 'protocol.md §4.3', { success: true }),
  row('diag', 'clock-unset', 'The module clock is not set (it still shows its power-up date), so certificate validity cannot be checked by the module.', ['no network time (NITZ) received', 'the clock is not kept across power cycles'], 'Keep "ignorelocaltime" at 1 for this SSL context, or set the clock: AT+CCLK="yy/MM/dd,hh:mm:ss+zz" (or AT+CTZU=1 for network time).', 'protocol.md §4.4, §8'),
  row('diag', 'clock', 'The module clock is set.', [], 'Nothing to do.', 'protocol.md §8', { success: true }),
  row('diag', 'sim-identity', 'The SIM identity was read.', [], 'Quote the ICCID to the operator when asking about the data plan or APN.', 'protocol.md §4.2', { success: true }),
];

// The laptop's probe of the same server (DNS, TCP, TLS, CONNECT from the laptop's own network):
// its failures, in the words of the open failures of protocol.md §8.
const LAPTOP: CodeEntry[] = [
  row('laptop', 'dns-failed', 'The server name does not resolve from the laptop.', ['a typo in the host name', 'a name known only inside another network (VPN, company DNS)'], 'Check the spelling of the host, or use the server\'s IP address.', 'protocol.md §4.3, §8'),
  row('laptop', 'tcp-refused', 'The server refused the TCP connection: nothing listens on that port.', ['the broker is down', 'the wrong port (1883 plain, 8883 TLS)', 'the broker listens on another address'], 'Check that the broker runs and listens on this host and port.', 'protocol.md §8'),
  row('laptop', 'tcp-timeout', 'The TCP connection got no answer: the packets are dropped on the way.', ['a firewall in front of the server drops the port', 'the laptop\'s own network blocks the port', 'the host is down'], 'Check the server\'s firewall; probe from another network (a phone hotspot) to tell the laptop\'s network apart.', 'protocol.md §8'),
  row('laptop', 'tcp-unreachable', 'The laptop has no route to the server.', ['no network on the laptop', 'an address of a private network'], 'Check the laptop\'s network and the server address.', 'protocol.md §8'),
  row('laptop', 'tls-handshake', 'The TLS handshake with the server failed.', ['TLS expected on the other side (or not at all): the port does not match the TLS setting', 'the server requires a client certificate (security level 2)', 'no TLS version or cipher in common'], 'Check that the port speaks TLS, whether the server wants a client certificate, and its TLS versions.', 'protocol.md §4.4, §8'),
  row('laptop', 'mqtt-no-connack', 'The server did not answer the CONNECT with a CONNACK.', ['the port speaks TLS (or not) and the setting differs', 'the server closed the link: client ID in use, policy, overload'], 'Check the port against the TLS setting and the server\'s log.', 'protocol.md §3.4, §8'),
  row('laptop', 'roundtrip-failed', 'Connected, but the subscribe and publish round trip failed.', ['the server\'s ACL forbids the topic', 'QoS or retain not allowed'], 'Check the topic and the server\'s ACL for this client.', 'protocol.md §8'),
];

// The laptop's checks of certificates and keys before they go to the modem: what would make the
// TLS handshake fail as '+QMTOPEN: <idx>,-1' (protocol.md §8, first row of the open failures).
const TLS: CodeEntry[] = [
  row('tls', 'unreadable-certificate', 'A certificate file cannot be read as PEM or DER.', ['a key or another file picked instead of the certificate', 'the file was cut or its line breaks were lost'], 'Pick the certificate again (a .pem starting with -----BEGIN CERTIFICATE-----, or a .der/.crt file).', 'protocol.md §4.5'),
  row('tls', 'unreadable-key', 'The private key cannot be read.', ['a certificate picked instead of the key', 'the key is encrypted with a passphrase (the module cannot use one)'], 'Pick the unencrypted private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----).', 'protocol.md §4.5'),
  row('tls', 'key-mismatch', 'The private key does not belong to the client certificate.', ['the key of another certificate was picked', 'the certificate was renewed with a new key'], 'Pick the key that was generated with this certificate (their public keys must be the same).', 'protocol.md §4.4, §8'),
  row('tls', 'expired', 'A certificate has expired at the time it is checked against.', ['the certificate was not renewed', 'the module clock is wrong (with ignorelocaltime 0)'], 'Renew the certificate; if only the module clock is wrong, set it (AT+CCLK) or set "ignorelocaltime" to 1.', 'protocol.md §4.4, §8'),
  row('tls', 'not-yet-valid', 'A certificate is not valid yet at the time it is checked against.', ['the module clock is behind (never set after power-up)', 'the certificate was issued for a later date'], 'Set the module clock (AT+CCLK, or network time) or set "ignorelocaltime" to 1.', 'protocol.md §4.4, §8'),
  row('tls', 'name-mismatch', 'The server name is not one of the names in the server certificate.', ['the host name typed differs from the certificate\'s names (an IP address where the certificate names a DNS name)', 'the certificate of another server'], 'Connect with a name the certificate lists, or reissue the certificate with this name in its subjectAltName.', 'protocol.md §4.4, §8'),
  row('tls', 'ca-not-issuer', 'The CA given did not sign the certificate it is checked against.', ['the wrong CA file', 'an intermediate CA is missing from the file'], 'Pick the CA that issued the server\'s (or the client\'s) certificate; include the intermediate CAs in the same PEM.', 'protocol.md §4.4, §8'),
  row('tls', 'missing-ca', 'Security level 1 or 2 needs a CA certificate to verify the server.', ['no CA file given and none named in the SSL context'], 'Give the CA that signed the server\'s certificate (the broker\'s ca.crt).', 'protocol.md §4.4'),
  row('tls', 'missing-client', 'Security level 2 needs a client certificate and its private key.', ['one of the two not given'], 'Give both the client certificate and its key, or use security level 1 when the server does not ask for a client certificate.', 'protocol.md §4.4'),
  row('tls', 'not-a-ca', 'The CA file holds a certificate that is not a CA.', ['the server\'s or client\'s own certificate was picked instead of the CA'], 'Pick the CA certificate (its basic constraints say CA:TRUE).', 'protocol.md §4.4'),
];

/** Every catalogued code, in one list. */
export const catalogue: readonly CodeEntry[] = [
  ...QMTOPEN, ...QMTCLOSE, ...QMTDISC, ...QMTCONN, ...QMTCONNSTATE, ...CONNACK, ...QMTSTAT, ...QMTSUB, ...QMTUNS,
  ...QMTPUB, ...QMTPING, ...CME, ...CMS, ...ERROR, ...CPIN, ...CSQ, ...QCSQ, ...QENG, ...REG, ...DIAG, ...TLS, ...LAPTOP,
];

const byKey = new Map(catalogue.map((e) => [`${e.family}.${e.code}`, e]));
const normaliseText = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
// Several Quectel ranges reuse 27.007 words ('operation not allowed' is 3 and 572): the first
// (27.007) row wins, since CMEE=2 text comes from the standard table.
const cmeByText = new Map<string, CodeEntry>();
for (const e of CME) if (e.text && !cmeByText.has(normaliseText(e.text))) cmeByText.set(normaliseText(e.text), e);

/** Looks up one catalogue row; `code` as on the wire ('-1', '4', 'qmtopen' for ERROR contexts). */
export function lookup(family: CodeFamily, code: string | number): CodeEntry | undefined {
  return byKey.get(`${family}.${String(code)}`);
}

// Alibaba Cloud readings of CONNACK and +QMTSTAT: aliyun.md §5.3 and §8.
export const ALIYUN: Readonly<Record<string, AliyunHint>> = {
  'connack.1': { likelyCauses: ['MQTT version not supported by this instance'], nextStep: 'Set AT+QMTCFG="version",<idx>,4 (MQTT 3.1.1).' },
  'connack.2': { likelyCauses: ['clientId malformed or its extension block wrong (missing "|", bad securemode)', 'dynamic registration attempted over plain TCP instead of TLS'], nextStep: 'Rebuild the clientId as <id>|securemode=…,signmethod=…| and match securemode to TCP (3) or TLS (2).' },
  'connack.3': { likelyCauses: ['keepalive outside 30–1200 s', 'clientId value wrong', 'transient server trouble'], nextStep: 'Set AT+QMTCFG="keepalive",<idx>,60 (within 30–1200 s) and check the clientId.' },
  'connack.4': { likelyCauses: ['wrong region or instance endpoint (device does not exist there)', 'wrong DeviceSecret or signature', 'username order reversed (must be DeviceName&ProductKey)', 'clientId/timestamp in the signed content differ from mqttClientId', 'sign method mismatch', 'ProductKey/DeviceName typo or stray whitespace'], nextStep: 'Check the endpoint region/instance first, then recompute the password from the exact triple (or use AT+QMTCFG="aliauth").' },
  'connack.5': { likelyCauses: ['wrong triple', 'device disabled or deleted', 'plain TCP disabled on the instance'], nextStep: 'Check the device in the IoT console (enabled, right product) and try TLS.' },
  'qmtstat.1': { likelyCauses: ['another device (or this tool and the real device) connected with the same triple and kicked this one: the two push each other off in turn, which looks like random drops', 'device disabled or deleted in the console', 'too many publishes to topics the device does not own (topic not authorised)'], nextStep: 'Make sure only one device uses this triple; check the device status and topic permissions in the console.' },
  // aliyun.md §8.6: a keepalive too short for a cellular link makes the link flap.
  'qmtstat.2': { likelyCauses: ['keepalive too short for the cellular link (Aliyun allows 30–1200 s; 300 s is usual)'], nextStep: 'Set AT+QMTCFG="keepalive",<idx>,300 and connect again.' },
};

/** True when the host looks like an Alibaba Cloud IoT MQTT endpoint (aliyun.md §2.1). */
export function isAliyunHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  return /\.iot-as-mqtt\.[a-z0-9-]+\.aliyuncs\.com$/.test(h) || /\.mqtt\.iothub\.aliyuncs\.com$/.test(h) || /(^|\.)itls\.[a-z0-9-]+\.aliyuncs\.com$/.test(h);
}

/** The catalogue's advice without "turn on AT+CMEE=2" (for a session that already did). */
export function withoutCmeeAdvice(text: string): string {
  return text
    .replace(/\s*(;|,)?\s*(and )?enable verbose errors with AT\+CMEE=2/i, '')
    .replace(/\s*;?\s*with AT\+CMEE=2 the modem explains errors in words\.?/i, '')
    .replace(/\s+\./g, '.')
    .trim();
}

function toExplanation(entry: CodeEntry, input: string, ctx?: ExplainContext, codeOverride?: string): Explanation {
  const key = `${entry.family}.${codeOverride ?? entry.code}`;
  const hint = isAliyunHost(ctx?.host) ? ALIYUN[key] : undefined;
  const meaning = entry.family === 'cms' ? `${entry.meaning} (code ${codeOverride ?? '?'})` : entry.meaning;
  return {
    key,
    family: entry.family,
    code: codeOverride ?? entry.code,
    success: entry.success,
    meaning,
    likelyCauses: entry.likelyCauses,
    nextStep: ctx?.verboseErrors ? withoutCmeeAdvice(entry.nextStep) : entry.nextStep,
    ...(hint ? { aliyun: hint } : {}),
    input,
  };
}

/** The command context of a plain ERROR: 'AT+QMTPUBEX=0,…' → 'qmtpub'. */
export function errorContext(command: string | undefined): string {
  if (!command) return 'generic';
  const m = /^AT\+(QMTOPEN|QMTCONN|QMTSUB|QMTUNS|QMTPUBEX|QMTPUB|QMTCFG|QMTDISC|QMTCLOSE|QMTRECV|QIACT|QSSLCFG)\b/i.exec(command.trim());
  if (!m?.[1]) return 'generic';
  const name = m[1].toLowerCase();
  return name === 'qmtpubex' ? 'qmtpub' : name;
}

/**
 * The specific reason a command was refused, when the command text (and the client state, if
 * known) names it: protocol.md §4.7, quirks 9 and 16, §6 and the first rows of §8. Undefined when only the
 * command's general row applies.
 */
export function specificErrorCause(command: string | undefined, connected?: boolean): string | undefined {
  if (!command) return undefined;
  if (/[“”]/.test(command)) return 'typographic-quotes';
  const c = parseCommand(command);
  if (!c || c.form !== 'write') return undefined;
  const int = (i: number) => toInt(c.args[i]);
  switch (c.name) {
    case 'QMTCFG':
      return connected === true ? 'qmtcfg-connected' : undefined;
    case 'QMTCONN':
      return connected === true ? 'qmtconn-connected' : undefined;
    case 'QMTSUB':
    case 'QMTUNS':
      return connected === false ? 'qmt-not-connected' : undefined;
    case 'QMTPUB':
    case 'QMTPUBEX':
      if (int(1) === 0 && (int(2) ?? 0) > 0) return 'qmtpub-msgid0';
      return connected === false ? 'qmt-not-connected' : undefined;
    case 'QMTOPEN': {
      const idx = int(0);
      const port = int(2);
      const host = c.args[1] ?? '';
      if ((idx !== undefined && (idx < 0 || idx > 5)) || (port !== undefined && (port < 1 || port > 65535)) || new TextEncoder().encode(host).length > 100) return 'qmtopen-range';
      return undefined;
    }
    case 'QSSLCFG': {
      const option = (c.args[0] ?? '').toLowerCase();
      if (option === 'ciphersuite' && /^"/.test(c.params[2] ?? '')) return 'qsslcfg-quoted-ciphersuite';
      if (option === 'sni') return 'qsslcfg-sni';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** +CME ERROR codes that only say "refused" or "bad parameter": the command's own cause says more. */
const GENERIC_CME = new Set([3, 4, 50, 100, 550, 552, 555, 572]);

const ints = (s: string): number[] | undefined => {
  const parts = s.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^-?\d+$/.test(p))) return undefined;
  return parts.map(Number);
};

/** The topic filters of 'AT+QMTSUB=<idx>,<msgID>,"<filter>",<qos>[,…]', in order. */
function subscribeFilters(cmd: ParsedCommand | undefined): string[] {
  if (!cmd || cmd.name !== 'QMTSUB' || cmd.form !== 'write') return [];
  return cmd.args.slice(2).filter((_, i) => i % 2 === 0);
}

/** Per-filter results of a SUBACK's values (granted QoS or 128), named when the command is known. */
export function subackFilters(values: readonly number[], command?: string): FilterResult[] {
  const names = subscribeFilters(command ? parseCommand(command) : undefined);
  return values.map((v, i) => ({ ...(names[i] !== undefined ? { filter: names[i] } : {}), granted: v !== 128, ...(v !== 128 ? { qos: v } : {}) }));
}

const describeFilter = (f: FilterResult, i: number): string =>
  `${f.filter !== undefined ? `"${f.filter}"` : `filter ${i + 1}`} ${f.granted ? `granted (QoS ${f.qos ?? '?'})` : 'refused (128)'}`;

// Bare "family code" forms a person may type: 'qmtopen -1', 'CONNACK 4', 'cme 10', 'qmtopen.3'.
const FAMILY_WORDS: Record<string, CodeFamily> = {
  qmtopen: 'qmtopen', open: 'qmtopen', qmtclose: 'qmtclose', close: 'qmtclose', qmtdisc: 'qmtdisc', disc: 'qmtdisc',
  qmtconn: 'qmtconn', connack: 'connack', qmtstat: 'qmtstat', stat: 'qmtstat', qmtsub: 'qmtsub', qmtuns: 'qmtuns',
  qmtpub: 'qmtpub', qmtpubex: 'qmtpub', qmtping: 'qmtping', cme: 'cme', cms: 'cms', csq: 'csq', reg: 'reg', cpin: 'cpin', error: 'error',
};

/**
 * Explains a result line, URC, read answer or code: '+QMTOPEN: 0,-1', '+QMTCONN: 0,0,4',
 * '+CME ERROR: 10', '+CME ERROR: SIM not inserted', '+QMTSTAT: 0,1', 'ERROR', '+QMTSUB: 0,1,0,128',
 * 'connack 4'. `ctx.command` is the command the line answers: a read answer ('+QMTCONN: 0,2' to
 * AT+QMTCONN?, '+CEREG: 0,1' to AT+CEREG?) is read as a state; without it a line is a URC.
 * Undefined when the text is not something the catalogue knows.
 */
export function explain(text: string, ctx?: ExplainContext): Explanation | undefined {
  const input = text;
  const t = text.trim();
  if (t === '') return undefined;
  const at = (family: CodeFamily, code: string | number, codeOverride?: string): Explanation | undefined => {
    const e = lookup(family, code);
    return e ? toExplanation(e, input, ctx, codeOverride) : undefined;
  };
  const specific = (): Explanation | undefined => {
    const cause = specificErrorCause(ctx?.command, ctx?.connected);
    return cause ? at('error', cause) : undefined;
  };

  if (/^ERROR$/i.test(t)) return specific() ?? at('error', errorContext(ctx?.command)) ?? at('error', 'generic');

  const cmeM = /^\+CME ERROR:\s*(.+)$/i.exec(t);
  if (cmeM?.[1]) {
    const v = cmeM[1].trim();
    const e = /^\d+$/.test(v) ? lookup('cme', Number(v)) : cmeByText.get(normaliseText(v));
    if (!e) return undefined;
    const own = GENERIC_CME.has(Number(e.code)) ? specific() : undefined;
    if (!own) return toExplanation(e, input, ctx);
    // The command's own cause first; the 27.007 words stay in the causes.
    return { ...own, likelyCauses: [...own.likelyCauses, `+CME ERROR ${e.code}: ${e.text ?? e.meaning}`] };
  }
  const cmsM = /^\+CMS ERROR:\s*(.+)$/i.exec(t);
  if (cmsM?.[1]) return at('cms', '*', cmsM[1].trim());

  // AT+QPING replies and summary: a non-zero first field is a TCP/IP error of protocol.md §4.7 (565 DNS, 569 timeout).
  const ping = /^\+QPING:\s*(\d+)\s*(,|$)/i.exec(t);
  if (ping?.[1] !== undefined) return ping[1] === '0' ? undefined : at('cme', Number(ping[1]));

  // Where URCs go: right or wrong depends on the port in use, which the line does not say (protocol.md §1.4).
  if (/^\+QURCCFG:\s*"urcport"/i.test(t)) return at('diag', 'urcport-unknown');
  const cgatt = /^\+CGATT:\s*([01])\s*$/i.exec(t);
  if (cgatt?.[1] !== undefined) return at('diag', cgatt[1] === '1' ? 'attached' : 'detached');

  if (isRegistrationLine(t)) {
    const r = parseRegistration(t, ctx?.command !== undefined ? { command: ctx.command } : {});
    return r.ok ? at('reg', r.value.stat) : undefined;
  }

  if (/^\+QCSQ:/i.test(t)) {
    const q = parseQcsq(t);
    if (!q.ok) return undefined;
    const base = at('qcsq', q.value.system === 'eMTC' ? 'CAT-M1' : q.value.system === 'NBIoT' ? 'CAT-NB1' : q.value.system);
    return base && q.value.system !== 'NOSERVICE' ? { ...base, meaning: describeQcsq(q.value) } : base;
  }
  if (/^\+QENG:\s*"servingcell"/i.test(t)) {
    const c = parseServingCellLine(t);
    if (!c.ok) return undefined;
    const base = at('qeng', c.value.state);
    return base && c.value.cell ? { ...base, meaning: `${base.meaning} ${describeCell(c.value)}` } : base;
  }

  const urc = /^\+(QMT[A-Z]+|CPIN|CSQ):\s*(.*)$/i.exec(t);
  if (urc?.[1] !== undefined && urc[2] !== undefined) {
    const name = urc[1].toUpperCase();
    const rest = urc[2].trim();
    if (name === 'CPIN') return at('cpin', rest.toUpperCase());
    const f = ints(rest);
    if (!f) return undefined;
    const isRead = answersRead(t, ctx?.command);
    switch (name) {
      case 'QMTOPEN': return f.length === 2 ? at('qmtopen', f[1] ?? NaN) : undefined;
      case 'QMTCLOSE': return f.length === 2 ? at('qmtclose', f[1] ?? NaN) : undefined;
      case 'QMTDISC': return f.length === 2 ? at('qmtdisc', f[1] ?? NaN) : undefined;
      case 'QMTSTAT': return f.length === 2 ? at('qmtstat', f[1] ?? NaN) : undefined;
      case 'QMTPING': return f.length === 2 ? at('qmtping', f[1] ?? NaN) : undefined;
      case 'QMTCONN':
        if (f.length < 2) return undefined;
        // AT+QMTCONN? answers '<idx>,<state>': a state (2 = connecting), not a result (protocol.md §2.4).
        if (isRead) return f.length === 2 ? at('qmtconnstate', f[1] ?? NaN) : undefined;
        // result 0 carries the CONNACK code; the CONNACK code decides success (protocol.md quirk 3, §3.4).
        if (f[1] === 0 && f.length >= 3) return at('connack', f[2] ?? NaN);
        return at('qmtconn', f[1] ?? NaN);
      case 'QMTSUB': {
        if (f.length < 3) return undefined;
        const values = f.slice(3);
        if (f[2] !== 0 || !values.includes(128)) return at('qmtsub', f[2] ?? NaN);
        // protocol.md §2.6: one value per filter; 128 refuses that filter only.
        const filters = subackFilters(values, ctx?.command);
        const partial = filters.some((x) => x.granted);
        const base = at('qmtsub', partial ? 'partial' : 128);
        if (!base) return undefined;
        const named = filters.map(describeFilter).join('; ');
        return { ...base, meaning: `${partial ? 'Subscribed in part' : 'Subscription refused by the broker'}: ${named}.`, filters, ...(partial ? { partial: true } : {}) };
      }
      case 'QMTUNS': return f.length >= 3 ? at('qmtuns', f[2] ?? NaN) : undefined;
      case 'QMTPUB':
      case 'QMTPUBEX': return f.length >= 3 ? at('qmtpub', f[2] ?? NaN) : undefined;
      case 'CSQ': {
        if (f[0] === 99) return at('csq', 99);
        const base = f[0] !== undefined ? at('csq', 'reading') : undefined;
        if (!base || f[0] === undefined) return undefined;
        const { dbm, bound } = rssiToDbm(f[0]);
        const ber = f[1] === undefined || f[1] === 99 ? 'bit error rate not known' : `bit error rate class ${f[1]}`;
        return { ...base, meaning: `Signal ${dbm ?? '?'} dBm${bound === 'or-less' ? ' or less' : bound === 'or-more' ? ' or more' : ''} (${qualityOf(dbm)}), ${ber}.` };
      }
      default: return undefined;
    }
  }

  // Typed codes: 'connack 4', 'qmtopen.-1', 'CME ERROR 10'.
  const coded = /^([a-z]+)(?:\s+error)?[\s.:]+(-?\d+|[a-z][a-z -]*)$/i.exec(t);
  if (coded?.[1] && coded[2] !== undefined) {
    const family = FAMILY_WORDS[coded[1].toLowerCase()];
    if (!family) return undefined;
    if (family === 'cms') return at('cms', '*', coded[2]);
    if (family === 'cme' && !/^-?\d+$/.test(coded[2])) {
      const e = cmeByText.get(normaliseText(coded[2]));
      return e ? toExplanation(e, input, ctx) : undefined;
    }
    return at(family, family === 'cpin' ? coded[2].toUpperCase() : coded[2]);
  }
  // A bare number is read as a +CME ERROR code (the only family without a prefix of its own).
  if (/^\d+$/.test(t)) return at('cme', Number(t));
  return undefined;
}

const dbmWords = (v: number | undefined, unit: string): string => (v === undefined ? 'n/a' : `${v} ${unit}`);

/** 'LTE: RSRP -95 dBm (good), RSRQ -10 dB, SINR 12 dB, RSSI -65 dBm.' */
function describeQcsq(q: Qcsq): string {
  const main = qcsqDbm(q);
  const parts: string[] = [];
  if (q.rsrp !== undefined || q.rsrq !== undefined || q.sinr !== undefined) {
    parts.push(`RSRP ${dbmWords(q.rsrp, 'dBm')}`, `RSRQ ${dbmWords(q.rsrq, 'dB')}`, `SINR ${dbmWords(q.sinr, 'dB')}`);
  }
  if (q.rscp !== undefined || q.ecio !== undefined) parts.push(`RSCP ${dbmWords(q.rscp, 'dBm')}`, `Ec/Io ${dbmWords(q.ecio, 'dB')}`);
  parts.push(`RSSI ${dbmWords(q.rssi, 'dBm')}`);
  // RSRP sits about 20–30 dB under RSSI: the RSSI words would call a good RSRP poor.
  const quality = q.rsrp !== undefined ? rsrpQuality(q.rsrp) : qualityOf(main);
  return `Served by ${q.system}: ${parts.join(', ')} (${quality}).`;
}

/** 'Cell 1A2D001 (PCI 257) on band 3, EARFCN 1300, TAC 1A2B, MCC/MNC 460/0.' */
function describeCell(c: ServingCell): string {
  const cell = c.cell;
  if (!cell) return '';
  if (cell.rat === 'LTE') {
    const l = cell as LteCell;
    return `LTE cell ${l.cellId ?? '?'}${l.pcid !== undefined ? ` (PCI ${l.pcid})` : ''}${l.band !== undefined ? ` on band ${l.band}` : ''}${l.earfcn !== undefined ? `, EARFCN ${l.earfcn}` : ''}${l.tac !== undefined ? `, TAC ${l.tac}` : ''}${l.mcc !== undefined ? `, MCC/MNC ${l.mcc}/${l.mnc ?? '?'}` : ''}.`;
  }
  const o = cell as { rat: string; cellId?: string };
  return `${o.rat} cell ${o.cellId ?? '?'}.`;
}

/** A Problem for a catalogued code; `detail` says what was seen (the line, the command). */
export function problemFromCode(family: CodeFamily, code: string | number, detail: string, ctx?: ExplainContext): Problem {
  const e = lookup(family, code);
  if (!e) return problem(`${family}.${String(code)}`, `Unexpected ${family} code ${String(code)}.`, detail, 'Check the line against the command reference and the module firmware (AT+QGMR).');
  return fromExplanation(toExplanation(e, detail, ctx), detail);
}

/** A Problem for a result line/URC/final code; falls back to a generic one when the line is unknown. */
export function problemFromLine(line: string, ctx?: ExplainContext, detail?: string): Problem {
  const ex = explain(line, ctx);
  const d = detail ?? (ctx?.command ? `${ctx.command} → ${line}` : line);
  if (!ex) return problem('modem.unexpected', 'The modem answered something unexpected.', d, ctx?.verboseErrors ? 'Check the line against the command reference.' : 'Check the line against the command reference; enable verbose errors with AT+CMEE=2.');
  return fromExplanation(ex, d);
}

/** Converts an explanation into a shared Problem (Aliyun hint folded into nextStep). */
export function fromExplanation(ex: Explanation, detail: string): Problem {
  const causes = [...(ex.aliyun?.likelyCauses ?? []), ...ex.likelyCauses];
  const d = causes.length ? `${detail}. Likely causes: ${causes.join('; ')}.` : detail;
  const next = ex.aliyun ? `${ex.aliyun.nextStep} ${ex.nextStep}` : ex.nextStep;
  return problem(ex.key, ex.meaning, d, next);
}
