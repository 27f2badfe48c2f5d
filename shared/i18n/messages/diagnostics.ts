// One line per diagnosis check for a person (the wizard's checks, `workbench diag`, the bring-up
// steps that reuse them). Port names, addresses, ICCID/IMSI and problem titles are values.
import { defineMessages } from '../define';

export const diagnostics = defineMessages({
  en: {
    failed: '{check, select, urcport {URC port} attach {packet attach} dns {DNS servers} ping {ping} clock {module clock} simIdentity {SIM identity} other {{check}}}: {title}',
    urcElsewhere: 'URCs go to {port}, not to this port: OK but never a URC',
    urcGoTo: 'URCs go to {port}{here, select, yes { (this port)} unknown { (cannot tell from the port name whether it is this one)} other {}}',
    attached: 'attached to the packet network',
    notAttached: 'not attached to the packet network',
    noDns: 'context {cid} has no DNS server',
    dns: 'DNS {servers}',
    clockUnset: 'module clock not set ({raw})',
    clock: 'module clock {iso}',
    clockNotSet: '{raw}: not set{ignored, select, yes { (ignored: "ignorelocaltime" is 1)} other {}}',
    simIdentity: '{which, select, both {ICCID {iccid}, IMSI {imsi}} iccid {ICCID {iccid}} other {IMSI {imsi}}}',
    pingFailed: '{host}: {title}',
    pingNoAnswer: '{host} did not answer',
    pingPartial: '{host}: {answered} of {total} replies, {avg} ms average',
    pingOk: '{host}: {answered} replies, {avg} ms average',
  },
  'zh-CN': {
    failed: '{check, select, urcport {URC 端口} attach {分组域附着} dns {DNS 服务器} ping {ping} clock {模组时钟} simIdentity {SIM 卡标识} other {{check}}}：{title}',
    urcElsewhere: 'URC 输出到 {port}，而不是本端口：命令返回 OK，但收不到任何 URC',
    urcGoTo: 'URC 输出到 {port}{here, select, yes {（本端口）} unknown {（无法从端口名判断是否为本端口）} other {}}',
    attached: '已附着到分组域网络',
    notAttached: '未附着到分组域网络',
    noDns: '上下文 {cid} 没有 DNS 服务器',
    dns: 'DNS {servers}',
    clockUnset: '模组时钟未设置（{raw}）',
    clock: '模组时钟 {iso}',
    clockNotSet: '{raw}：未设置{ignored, select, yes {（已忽略："ignorelocaltime" 为 1）} other {}}',
    simIdentity: '{which, select, both {ICCID {iccid}，IMSI {imsi}} iccid {ICCID {iccid}} other {IMSI {imsi}}}',
    pingFailed: '{host}：{title}',
    pingNoAnswer: '{host} 无应答',
    pingPartial: '{host}：收到 {answered}/{total} 个应答，平均 {avg} ms',
    pingOk: '{host}：收到 {answered} 个应答，平均 {avg} ms',
  },
});
