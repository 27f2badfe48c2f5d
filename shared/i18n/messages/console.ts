// The AT console: the command line, its payload box and the byte count.
import { defineMessages } from '../define';

export const consoleMessages = defineMessages({
  en: {
    region: 'AT console',
    placeholder: 'AT command, e.g. ATI (↑/↓ for history)',
    placeholderClosed: 'Open a port first',
    send: 'Send',
    waiting: 'Waiting…',
    payloadFixed: 'the {bytes} bytes sent after CONNECT or the prompt (no Ctrl+Z)',
    payloadUpload: 'the bytes sent after CONNECT or the prompt (no Ctrl+Z)',
    payloadPrompt: 'payload sent at the > prompt, then Ctrl+Z (Ctrl+Enter sends)',
    bytes: '{bytes} bytes',
    bytesMismatch: '{bytes} bytes; the command announces {announced}',
    bytesAsAnnounced: '{bytes} bytes, as announced; sent without Ctrl+Z',
    bytesUploadNoSize: '{bytes} bytes; AT+QFUPL needs the size, or the modem waits for 10240 bytes',
    announce: 'announce {bytes}',
  },
  'zh-CN': {
    region: 'AT 控制台',
    placeholder: 'AT 命令，例如 ATI（↑/↓ 翻看历史）',
    placeholderClosed: '请先打开串口',
    send: '发送',
    waiting: '等待中…',
    payloadFixed: '在 CONNECT 或提示符之后发送的 {bytes} 字节（不加 Ctrl+Z）',
    payloadUpload: '在 CONNECT 或提示符之后发送的数据（不加 Ctrl+Z）',
    payloadPrompt: '在 > 提示符处发送的数据，以 Ctrl+Z 结束（Ctrl+Enter 发送）',
    bytes: '{bytes} 字节',
    bytesMismatch: '{bytes} 字节；命令声明的是 {announced}',
    bytesAsAnnounced: '{bytes} 字节，与声明一致；发送时不加 Ctrl+Z',
    bytesUploadNoSize: '{bytes} 字节；AT+QFUPL 需要指定大小，否则模组会等待 10240 字节',
    announce: '声明为 {bytes}',
  },
});
