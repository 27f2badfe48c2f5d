// `workbench bringup … --aliyun FILE [--aliauth]`: turns what the Aliyun console copied into the
// bring-up's server, TLS, keepalive and login (aliyun.md §7: the modem signs with aliauth, or the
// workbench signs and passes clientId, username and password to AT+QMTCONN). The checks of
// aliyun.md §8 run first; an error stops the run before anything is sent.
import fs from 'node:fs';
import type { BringupOptions } from '../quectel/bringup';
import { hasErrors, planAliyun, readAliyunText, type SetupChoice } from '../aliyun/setup';
import { parseAliyunHost } from '../aliyun/endpoints';
import { msgText } from '../../shared/i18n';
import { cliT } from './lang';

export interface AliyunBringup {
  server: string;
  clientId?: string;
  options: Pick<BringupOptions, 'tls' | 'keepalive' | 'username' | 'password' | 'aliauth'>;
  /** Warnings worth printing before the run. */
  warnings: string[];
}

/** A string is a usage error naming the fix. */
export function aliyunBringup(
  file: string,
  a: { aliauth: boolean; virtual: boolean; tls: boolean; server?: string; keepalive?: number; clientId?: string },
  read: (file: string) => string = (f) => fs.readFileSync(f === '-' ? 0 : f, 'utf8'),
): AliyunBringup | string {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    return `--aliyun: ${(e as Error).message}`;
  }
  const source = readAliyunText(text);
  if (!source.ok) return `--aliyun ${file}: ${source.problem.title} ${source.problem.nextStep}`;
  const choice: SetupChoice = { auth: a.aliauth ? 'aliauth' : 'host' };
  if (a.server !== undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(a.server);
    if (!m?.[1]) return '--server needs HOST:PORT, e.g. a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com:1883';
    choice.host = m[1];
    choice.port = Number(m[2]);
  }
  if (a.tls) choice.tls = true;
  // The virtual EC20's broker listens without TLS unless told otherwise: plain TCP unless asked.
  else if (a.virtual || a.server !== undefined) {
    const given = source.value.kind === 'triple' ? source.value.endpoint.tls : undefined;
    const port = choice.port ?? (source.value.kind === 'triple' ? source.value.endpoint.port : source.value.params.port);
    choice.tls = given ?? (port === 443 || port === 8883 ? true : a.virtual ? false : undefined);
    if (choice.tls === undefined) delete choice.tls;
    if (a.virtual && choice.port === undefined && !choice.tls) choice.port = 1883;
  }
  if (a.keepalive !== undefined) choice.keepalive = a.keepalive;
  if (a.clientId !== undefined) choice.clientId = a.clientId;
  const plan = planAliyun(source.value, choice);
  if (!plan.ok) return `--aliyun ${file}: ${plan.problem.title} ${plan.problem.nextStep}`;
  const p = plan.value;
  const t = cliT();
  if (hasErrors(p.findings)) {
    return `--aliyun ${file} does not pass the checks:\n${p.findings.filter((f) => f.severity === 'error').map((f) => `  ✗ ${msgText(t, f.messageMsg, f.message)}\n      fix: ${msgText(t, f.fixMsg, f.fix)}`).join('\n')}`;
  }
  if (!parseAliyunHost(p.host) && !a.virtual) return `--aliyun: ${p.host} is not an Aliyun IoT host`;
  const warnings = p.findings.map((f) => {
    const [message, fix] = [msgText(t, f.messageMsg, f.message), msgText(t, f.fixMsg, f.fix)];
    return message.includes(fix) ? message : `${message} (${fix})`;
  });
  if (p.auth === 'aliauth') {
    if (!p.device) return '--aliauth needs the DeviceSecret: the MQTT connection parameters carry none. Paste the device certificate instead.';
    return {
      server: `${p.host}:${p.port}`,
      clientId: p.connectClientId,
      options: { tls: p.tls, keepalive: p.keepalive, aliauth: { productKey: p.device.productKey, deviceName: p.device.deviceName, deviceSecret: p.device.deviceSecret.reveal() } },
      warnings,
    };
  }
  return {
    server: `${p.host}:${p.port}`,
    clientId: p.connectClientId,
    options: { tls: p.tls, keepalive: p.keepalive, username: p.username, password: p.password.reveal() },
    warnings,
  };
}
