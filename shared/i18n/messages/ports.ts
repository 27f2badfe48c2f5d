// The port list's labels and the virtual modem's availability: model names, AT, NMEA, QMI, PPP and
// commands to install stay as written.
import { defineMessages } from '../define';

export const ports = defineMessages({
  en: {
    quectel: '{model, select, none {Quectel module} other {Quectel {model}}}{role, select, diagnostic { — DM/diagnostic port} NMEA { — NMEA (GPS) port} AT { — AT port} modem { — modem (PPP, secondary AT) port} network { — QMI network interface} other {}}',
    virtual: 'Virtual EC20 (demo modem, no hardware needed)',
    virtualUnavailable: 'Virtual EC20 — unavailable: {note}',
    noPtyWindows: 'pseudo-terminals are not available on Windows',
    installSocat: 'install socat (sudo apt-get install socat) to run the virtual modem',
  },
  'zh-CN': {
    quectel: '{model, select, none {移远模组} other {移远 {model}}}{role, select, diagnostic { — DM/诊断口} NMEA { — NMEA（GPS）口} AT { — AT 口} modem { — Modem 口（PPP，第二 AT 口）} network { — QMI 网络接口} other {}}',
    virtual: '虚拟 EC20（演示模组，无需硬件）',
    virtualUnavailable: '虚拟 EC20 — 不可用：{note}',
    noPtyWindows: 'Windows 上无法使用伪终端',
    installSocat: '请安装 socat（sudo apt-get install socat）以运行虚拟模组',
  },
});
