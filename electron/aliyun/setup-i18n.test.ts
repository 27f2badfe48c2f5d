import { describe, expect, it } from 'vitest';
import { msgText, translator } from '../../shared/i18n';
import { checkFields } from './fields';
import { planAliyun, readAliyunText, type SetupChoice } from './setup';

// A finding keeps its English message and fix (logs, --json) and carries them as messages that
// render the same English, and Simplified Chinese for a reader in that language.
const cert = { ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' };
const triple = (() => {
  const r = readAliyunText(JSON.stringify(cert));
  if (!r.ok) throw new Error(r.problem.title);
  return r.value;
})();
const findings = (choice: SetupChoice) => {
  const p = planAliyun(triple, choice);
  if (!p.ok) throw new Error(p.problem.title);
  return p.value.findings;
};
const en = translator('en');
const zh = translator('zh-CN');

describe('Aliyun findings in the reader\'s language', () => {
  it.each([
    [
      { instance: { kind: 'legacy-public', region: 'cn-shanghai' }, host: 'a1X2bEnP82z.iot-as-mqtt.ap-southeast-1.aliyuncs.com' },
      'The host a1X2bEnP82z.iot-as-mqtt.ap-southeast-1.aliyuncs.com does not match the region cn-shanghai (a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com).',
      'Use the host derived from the region or instance the device was created in.',
      '主机 a1X2bEnP82z.iot-as-mqtt.ap-southeast-1.aliyuncs.com 与地域 cn-shanghai 不符（a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com）。',
    ],
    [{ host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 8883, tls: false }, 'Port 8883 accepts TLS only.', 'Turn TLS on, or use port 1883 for plain TCP.', '端口 8883 仅接受 TLS。'],
    [{}, 'No endpoint: choose the region (public instance) or the instance id.', 'Pick the region the device was created in, or type the instance id (iot-…) from Instance overview.', '没有接入点：请选择地域（公共实例）或填写实例 ID。'],
    [
      { host: 'broker.example.net', port: 1883, tls: false },
      'broker.example.net is not an Aliyun IoT MQTT host.',
      'Aliyun hosts look like <ProductKey>.iot-as-mqtt.<region>.aliyuncs.com or <InstanceId>.mqtt.iothub.aliyuncs.com.',
      'broker.example.net 不是阿里云物联网平台的 MQTT 主机。',
    ],
  ] as const)('%o', (choice, message, fix, chinese) => {
    const f = findings(choice as SetupChoice).find((x) => x.message === message);
    expect(f, JSON.stringify(findings(choice as SetupChoice))).toBeDefined();
    expect(f!.fix).toBe(fix);
    expect(msgText(en, f!.messageMsg)).toBe(message);
    expect(msgText(en, f!.fixMsg)).toBe(fix);
    expect(msgText(zh, f!.messageMsg)).toBe(chinese);
    expect(msgText(zh, f!.fixMsg)).not.toBe(fix);
    expect(msgText(zh, f!.fixMsg)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the fix of a field copied wrongly, in both languages', () => {
    const r = readAliyunText(JSON.stringify({ ...cert, DeviceSecret: 'ga7XA6KdlEeiPXQP' }));
    if (!r.ok) throw new Error(r.problem.title);
    const p = planAliyun(r.value, { instance: { kind: 'legacy-public', region: 'cn-shanghai' } });
    const f = p.ok ? p.value.findings.find((x) => x.code === 'aliyun.field.deviceSecret') : undefined;
    expect(f?.fix).toBe('Copy the value again from the console (Device details → Device certificate).');
    expect(msgText(zh, f?.fixMsg)).toBe('从控制台重新复制该值（设备详情 → 设备证书）。');
  });

  it('field complaints keep their English and read in Chinese', () => {
    const [bar, long, name] = [...checkFields({ clientId: 'a|b' }), ...checkFields({ clientId: 'x'.repeat(65) }), ...checkFields({ deviceName: 'm#e!' })];
    expect(bar!.message).toBe("\"clientId\" must be the bare id before the first '|': the signer adds |securemode=…,signmethod=…| itself, and signing the whole mqttClientId is refused (CONNACK 4)");
    expect(msgText(zh, bar!.msg)).toBe("\"clientId\" 必须是第一个 '|' 之前的纯 ID：签名程序会自行添加 |securemode=…,signmethod=…|，对整个 mqttClientId 签名会被拒绝（CONNACK 4）");
    expect(long!.message).toBe('"clientId" must be at most 64 characters, got 65');
    expect(msgText(zh, long!.msg)).toBe('"clientId" 最多 64 个字符，实际为 65');
    expect(name!.message).toBe('"deviceName" may contain only letters, digits and - _ @ . : (found "#" "!")');
    expect(msgText(en, name!.msg)).toBe(name!.message);
    expect(msgText(zh, name!.msg)).toBe('"deviceName" 只能包含字母、数字和 - _ @ . :（发现 "#" "!"）');
  });
});
