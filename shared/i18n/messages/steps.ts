// The bring-up steps' names and what each checks, for the wizard and the CLI alike. The step data
// (shared/bringup.ts) stays language-neutral ids; the display site asks for stepTitleKey(id).
import type { BringupStepId } from '../../bringup';
import { defineMessages } from '../define';

export const steps = defineMessages({
  en: {
    portTitle: 'Open the serial port',
    portChecks: 'The AT port opens (nothing else holds it).',
    atTitle: 'Modem answers AT',
    atChecks: 'AT gets OK, retried while the module powers up (until RDY).',
    echoCmeeTitle: 'Echo off, verbose errors',
    echoCmeeChecks: 'ATE0 and AT+CMEE=2 get OK, so errors come back with their cause.',
    urcPortTitle: 'URCs reach this port',
    urcPortChecks: 'AT+QURCCFG="urcport" names the port in use; otherwise every command answers OK and no result ever comes.',
    identityTitle: 'Identify the module',
    identityChecks: 'ATI names the model and firmware; AT+CGSN gives the IMEI.',
    simTitle: 'SIM ready',
    simChecks: 'AT+CPIN? says READY (waiting while the SIM is busy after power-up); AT+QCCID and AT+CIMI name the SIM.',
    signalTitle: 'Signal strength',
    signalChecks: 'AT+CSQ reports a signal (not 99), waiting a while for coverage.',
    registrationTitle: 'Registered on the network',
    registrationChecks: 'AT+CEREG?, AT+CGREG? or AT+CREG? says registered (home or roaming); AT+COPS? names the operator.',
    attachTitle: 'Attached for data',
    attachChecks: 'AT+CGATT? says the module is attached to the packet network.',
    pdpTitle: 'Mobile data (PDP context)',
    pdpChecks: 'The PDP context is active with an IP address (AT+QICSGP, AT+QIACT).',
    clockTitle: 'Module clock',
    clockChecks: 'AT+CCLK? reads the time the module checks certificates against (TLS only).',
    tlsFilesTitle: 'Certificates on the modem',
    tlsFilesChecks: "The certificates and key pass the laptop's checks; AT+QFLST shows them on the modem, or AT+QFUPL uploads them (checksum compared).",
    tlsContextTitle: 'SSL context',
    tlsContextChecks: 'AT+QSSLCFG sets the SSL context (version, ciphers, security level, certificates, clock, SNI) and reads it back.',
    mqttConfigTitle: 'Configure the MQTT client',
    mqttConfigChecks: 'AT+QMTCFG sets MQTT 3.1.1, the PDP context, TLS, keep-alive and receive mode.',
    openTitle: 'Open the network connection to the server',
    openChecks: 'AT+QMTOPEN reaches the server over TCP or TLS (+QMTOPEN result 0).',
    connectTitle: 'MQTT connect',
    connectChecks: 'AT+QMTCONN is accepted by the server (CONNACK 0).',
    readyTitle: 'Ready',
    readyChecks: 'AT+QMTCONN? shows the client connected (state 3).',
  },
  'zh-CN': {
    portTitle: '打开串口',
    portChecks: 'AT 口能够打开（没有其他程序占用）。',
    atTitle: '模组响应 AT',
    atChecks: 'AT 返回 OK；模组上电期间会重试（直到 RDY）。',
    echoCmeeTitle: '关闭回显，开启详细错误',
    echoCmeeChecks: 'ATE0 和 AT+CMEE=2 返回 OK，错误会带回具体原因。',
    urcPortTitle: 'URC 上报到本端口',
    urcPortChecks: 'AT+QURCCFG="urcport" 指定的是当前使用的端口；否则每条命令都返回 OK，却永远收不到结果。',
    identityTitle: '识别模组',
    identityChecks: 'ATI 给出型号和固件版本；AT+CGSN 给出 IMEI。',
    simTitle: 'SIM 卡就绪',
    simChecks: 'AT+CPIN? 返回 READY（上电后 SIM 卡忙时会等待）；AT+QCCID 和 AT+CIMI 给出 SIM 卡标识。',
    signalTitle: '信号强度',
    signalChecks: 'AT+CSQ 报告有信号（不是 99），必要时等待一段时间以获得覆盖。',
    registrationTitle: '已注册网络',
    registrationChecks: 'AT+CEREG?、AT+CGREG? 或 AT+CREG? 显示已注册（本地网或漫游）；AT+COPS? 给出运营商。',
    attachTitle: '已附着数据业务',
    attachChecks: 'AT+CGATT? 显示模组已附着到分组网络。',
    pdpTitle: '移动数据（PDP 上下文）',
    pdpChecks: 'PDP 上下文已激活并获得 IP 地址（AT+QICSGP、AT+QIACT）。',
    clockTitle: '模组时钟',
    clockChecks: 'AT+CCLK? 读取模组校验证书所依据的时间（仅 TLS）。',
    tlsFilesTitle: '模组上的证书',
    tlsFilesChecks: '证书和密钥通过电脑端检查；AT+QFLST 显示它们已在模组上，或用 AT+QFUPL 上传（比对校验和）。',
    tlsContextTitle: 'SSL 上下文',
    tlsContextChecks: 'AT+QSSLCFG 设置 SSL 上下文（版本、加密套件、安全级别、证书、时钟、SNI）并回读确认。',
    mqttConfigTitle: '配置 MQTT 客户端',
    mqttConfigChecks: 'AT+QMTCFG 设置 MQTT 3.1.1、PDP 上下文、TLS、保活时间和接收模式。',
    openTitle: '打开到服务器的网络连接',
    openChecks: 'AT+QMTOPEN 通过 TCP 或 TLS 连上服务器（+QMTOPEN 结果为 0）。',
    connectTitle: 'MQTT 连接',
    connectChecks: 'AT+QMTCONN 被服务器接受（CONNACK 0）。',
    readyTitle: '就绪',
    readyChecks: 'AT+QMTCONN? 显示客户端已连接（状态 3）。',
  },
});

type StepKey = keyof typeof steps.en;
type Prefix = { [K in StepKey]: K extends `${infer P}Title` ? P : never }[StepKey];

/** Step id → the prefix of its keys (the compiler checks each has a Title and a Checks message). */
const PREFIX: Record<BringupStepId, Prefix> = {
  port: 'port',
  at: 'at',
  'echo-cmee': 'echoCmee',
  'urc-port': 'urcPort',
  identity: 'identity',
  sim: 'sim',
  signal: 'signal',
  registration: 'registration',
  attach: 'attach',
  pdp: 'pdp',
  clock: 'clock',
  'tls-files': 'tlsFiles',
  'tls-context': 'tlsContext',
  'mqtt-config': 'mqttConfig',
  open: 'open',
  connect: 'connect',
  ready: 'ready',
};

/** The message key of a step's name: `t(stepTitleKey('pdp'))`. */
export const stepTitleKey = (id: BringupStepId): `steps.${StepKey}` => `steps.${PREFIX[id]}Title`;

/** The message key of what a step checks, in a sentence. */
export const stepChecksKey = (id: BringupStepId): `steps.${StepKey}` => `steps.${PREFIX[id]}Checks` as `steps.${StepKey}`;
