// The Laptop probe view: the modem and the laptop side by side.
import type { ProbeStageId } from '../../probe';
import type { Translate } from '../index';
import { defineMessages } from '../define';

export const probe = defineMessages({
  en: {
    region: 'Laptop probe',
    heading: 'Side by side: the modem and the laptop',
    intro: "The laptop tries the same server over its own network, with the wizard's settings: DNS, TCP, TLS, MQTT CONNECT.",
    trying: 'Trying…',
    tryAgain: 'Try again',
    tryHost: 'Try {host} from the laptop',
    tryThisServer: 'Try this server from the laptop',
    tryTitle: 'The laptop tries the same server with the same settings over its own network',
    roundtripTopic: 'Round trip topic',
    optional: '(optional)',
    noPort: "No modem port open: the laptop's side only.",
    runningHost: 'Trying {host} from the laptop…',
    runningServer: 'Trying the server from the laptop…',
    sideModem: 'The modem side',
    sideServer: 'The server side (server, port, TLS or credentials)',
    sideLaptop: "The laptop's own network",
    sideNone: 'Nothing to fix',
    sideUnknown: 'Laptop only',
    next: 'Next: {step}',
    colPhase: 'Phase',
    colModem: 'Modem (over the mobile network)',
    colLaptop: 'Laptop ({host}:{port})',
    colLaptopTls: 'Laptop ({host}:{port}, TLS)',
    stages: "The laptop's stages",
    stageDns: 'DNS resolution',
    stageTcp: 'TCP connect',
    stageTls: 'TLS handshake',
    stageMqtt: 'MQTT CONNECT',
    stageRoundtrip: 'Subscribe and publish',
    ms: '({ms} ms)',
    issuedBy: '{role}: {subject} — issued by {issuer}; valid {from} → {to}',
    modemCompat: 'modem: {text}',
    inJournal: 'The probe is in the session journal: the Diagram shows it in the Laptop lane, and the exports carry it.',
    hint: 'Run the wizard; after a failed open or connect, try the same server from here.',
    noDevice: 'No Aliyun device prepared.',
    noDeviceNext: 'Paste the device in the wizard and check it first.',
  },
  'zh-CN': {
    region: '电脑探测',
    heading: '对照：模组与电脑',
    intro: '电脑通过自己的网络、使用向导中的设置尝试连接同一服务器：DNS、TCP、TLS、MQTT CONNECT。',
    trying: '正在尝试…',
    tryAgain: '再试一次',
    tryHost: '从电脑尝试连接 {host}',
    tryThisServer: '从电脑尝试连接此服务器',
    tryTitle: '电脑通过自己的网络，以相同设置尝试连接同一服务器',
    roundtripTopic: '往返测试主题',
    optional: '（可选）',
    noPort: '未打开模组串口：仅显示电脑端结果。',
    runningHost: '正在从电脑尝试连接 {host}…',
    runningServer: '正在从电脑尝试连接服务器…',
    sideModem: '模组端',
    sideServer: '服务器端（服务器、端口、TLS 或凭据）',
    sideLaptop: '电脑自身的网络',
    sideNone: '无需修复',
    sideUnknown: '仅电脑端',
    next: '下一步：{step}',
    colPhase: '阶段',
    colModem: '模组（经移动网络）',
    colLaptop: '电脑（{host}:{port}）',
    colLaptopTls: '电脑（{host}:{port}，TLS）',
    stages: '电脑端各阶段',
    stageDns: 'DNS 解析',
    stageTcp: 'TCP 连接',
    stageTls: 'TLS 握手',
    stageMqtt: 'MQTT CONNECT',
    stageRoundtrip: '订阅并发布',
    ms: '（{ms} ms）',
    issuedBy: '{role}：{subject} — 颁发者 {issuer}；有效期 {from} → {to}',
    modemCompat: '模组：{text}',
    inJournal: '本次探测已记入会话日志：时序图在“电脑”泳道中显示它，导出文件中也包含它。',
    hint: '先运行向导；打开或连接失败后，可在这里尝试连接同一服务器。',
    noDevice: '尚未准备阿里云设备。',
    noDeviceNext: '请先在向导中粘贴设备信息并检查。',
  },
});

/** A laptop probe stage's name in `t`'s language (the Probe view and `workbench probe`). */
export function probeStageTitle(t: Translate, stage: ProbeStageId): string {
  switch (stage) {
    case 'dns':
      return t('probe.stageDns');
    case 'tcp':
      return t('probe.stageTcp');
    case 'tls':
      return t('probe.stageTls');
    case 'mqtt':
      return t('probe.stageMqtt');
    default:
      return t('probe.stageRoundtrip');
  }
}
