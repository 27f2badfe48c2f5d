// What is wrong with a field of the device certificate or the signed clientId/timestamp
// (aliyun.md §1.1, aliyun.md §1.2, aliyun.md §8.8, aliyun.md §8.12). The field's name (productKey, deviceName…) stays as written.
import { defineMessages } from '../define';

export const aliyunField = defineMessages({
  en: {
    notString: '"{field}" must be a string',
    empty: '"{field}" is empty',
    whitespaceEnds: '"{field}" has leading or trailing whitespace (copied with a space or a line break?); remove it',
    fullWidth: '"{field}" contains full-width characters (typed with a Chinese input method?); retype them as plain ASCII',
    control: '"{field}" contains control characters',
    quote: '"{field}" contains a double quote, which cannot travel inside a quoted AT argument',
    lettersDigits: '"{field}" must contain letters and digits only',
    productKeyLength: '"{field}" is {length} characters; ProductKeys are normally 11 — check it was copied whole',
    deviceNameLength: '"{field}" must be 4 to 32 characters, got {length}',
    deviceNameChars: '"{field}" may contain only letters, digits and - _ @ . : (found {found})',
    productSecretShape: '"{field}" is 16 characters, the shape of a ProductSecret; MQTT login and aliauth need the DeviceSecret of this device',
    deviceSecretLength: '"{field}" is {length} characters; DeviceSecrets are normally 32 — check it was copied whole',
    whitespace: '"{field}" contains whitespace',
    bareClientId: "\"{field}\" must be the bare id before the first '|': the signer adds |securemode=…,signmethod=…| itself, and signing the whole mqttClientId is refused (CONNACK 4)",
    clientIdLength: '"{field}" must be at most 64 characters, got {length}',
    timestamp: '"{field}" must be a decimal number of milliseconds since 1970',
  },
  'zh-CN': {
    notString: '"{field}" 必须是字符串',
    empty: '"{field}" 为空',
    whitespaceEnds: '"{field}" 首尾有空白字符（复制时带了空格或换行？）；请删除',
    fullWidth: '"{field}" 含有全角字符（用中文输入法输入的？）；请改用半角 ASCII 重新输入',
    control: '"{field}" 含有控制字符',
    quote: '"{field}" 含有双引号，无法放在带引号的 AT 参数中',
    lettersDigits: '"{field}" 只能包含字母和数字',
    productKeyLength: '"{field}" 长度为 {length} 个字符；ProductKey 通常为 11 个字符，请检查是否复制完整',
    deviceNameLength: '"{field}" 长度须为 4 到 32 个字符，实际为 {length}',
    deviceNameChars: '"{field}" 只能包含字母、数字和 - _ @ . :（发现 {found}）',
    productSecretShape: '"{field}" 长度为 16 个字符，是 ProductSecret 的形式；MQTT 登录和 aliauth 需要该设备的 DeviceSecret',
    deviceSecretLength: '"{field}" 长度为 {length} 个字符；DeviceSecret 通常为 32 个字符，请检查是否复制完整',
    whitespace: '"{field}" 含有空白字符',
    bareClientId: "\"{field}\" 必须是第一个 '|' 之前的纯 ID：签名程序会自行添加 |securemode=…,signmethod=…|，对整个 mqttClientId 签名会被拒绝（CONNACK 4）",
    clientIdLength: '"{field}" 最多 64 个字符，实际为 {length}',
    timestamp: '"{field}" 必须是自 1970 年起的毫秒数（十进制）',
  },
});
