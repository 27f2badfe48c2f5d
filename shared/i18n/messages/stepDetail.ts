// What each bring-up step found, for a person (the wizard's step list and `workbench bringup`).
// Technical values (IMEI, IP, client ID, AT commands) are values, not translated.
import { defineMessages } from '../define';
import { qualitySelect, signalQuality } from './signalQuality';

export const stepDetail = defineMessages({
  en: {
    notRerun: 'not re-run',
    plainTcp: 'plain TCP (no TLS)',
    ctxAsSetUp: 'SSL context used as set up on the modem',
    notAnswered: '{command} not answered',
    urcNotAnswered: 'AT+QURCCFG not answered here (no URC port to check)',
    attachNotAnswered: 'AT+CGATT? not answered (checked by the PDP step)',
    noFilesNeeded: 'no files needed (seclevel 0)',
    atOk: '{tries, plural, =1 {OK} other {OK (after # tries)}}',
    simReady: 'READY, ICCID {iccid}',
    // The quality's words are the one set of signalQuality.ts.
    signal: `{dbm} dBm{bound, select, less { or less} more { or more} other {}} (${qualitySelect(signalQuality.en)})`,
    registered: 'registered, {state, select, home {home} roaming {roaming} other {{state}}}{tech, select, none {} other { ({tech})}}{operator, select, none {} other { on {operator}}}',
    pdpActive: 'PDP {cid} active, IP {ip}',
    pdpAlreadyActive: 'PDP {cid} active, IP {ip} (already active)',
    mqttConfig: 'MQTT {version}, keepalive {keepalive} s, {tls, select, yes {TLS (SSL context {ctx})} other {plain TCP}}{aliauth, select, yes {, Aliyun aliauth (the module signs)} other {}}',
    opened: '{server} {transport} open',
    connack: 'CONNACK 0 (accepted) for "{clientId}"',
    ready: 'client {client} connected to {server} as "{clientId}"',
  },
  'zh-CN': {
    notRerun: '未重新运行',
    plainTcp: '普通 TCP（无 TLS）',
    ctxAsSetUp: '使用模组上已设置的 SSL 上下文',
    notAnswered: '{command} 无应答',
    urcNotAnswered: '此处 AT+QURCCFG 无应答（无法检查 URC 端口）',
    attachNotAnswered: 'AT+CGATT? 无应答（由 PDP 步骤检查）',
    noFilesNeeded: '不需要文件（seclevel 0）',
    atOk: '{tries, plural, =1 {OK} other {OK（尝试 # 次后）}}',
    simReady: 'READY，ICCID {iccid}',
    signal: `{dbm} dBm{bound, select, less { 或更低} more { 或更高} other {}}（${qualitySelect(signalQuality['zh-CN'])}）`,
    registered: '已注册，{state, select, home {本地网络} roaming {漫游} other {{state}}}{tech, select, none {} other {（{tech}）}}{operator, select, none {} other {，运营商 {operator}}}',
    pdpActive: 'PDP {cid} 已激活，IP {ip}',
    pdpAlreadyActive: 'PDP {cid} 已激活，IP {ip}（之前已激活）',
    mqttConfig: 'MQTT {version}，keepalive {keepalive} 秒，{tls, select, yes {TLS（SSL 上下文 {ctx}）} other {普通 TCP}}{aliauth, select, yes {，阿里云 aliauth（由模组签名）} other {}}',
    opened: '{server} {transport} 已打开',
    connack: 'CONNACK 0（已接受），客户端 ID "{clientId}"',
    ready: '客户端 {client} 已连接到 {server}，客户端 ID "{clientId}"',
  },
});
