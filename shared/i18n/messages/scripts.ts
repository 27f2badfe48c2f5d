// The Scripts view: the editor, its run and the verdict.
import { defineMessages } from '../define';

export const scripts = defineMessages({
  en: {
    region: 'Scripts',
    heading: 'Scripts',
    intro: 'AT lines; {payload} is the payload at the prompt; {expect} checks the answer; {await} waits for a URC; {variable} is filled in below. The same scripts run with {cli}.',
    run: 'Run',
    runTitle: 'Run the script on the open port',
    openPortFirst: 'Open a port first',
    stop: 'Stop',
    fromSession: 'From this session',
    fromSessionTitle: 'The session shown as a replayable script',
    passed: 'Passed: {steps} steps in {seconds} s.',
    failedAt: 'Failed at line {line}:',
    explanation: '{meaning} Next step: {next}',
    editor: 'Script',
    progress: 'Script progress',
    exampleComment: 'A first check: the modem answers and the SIM is ready.',
  },
  'zh-CN': {
    region: '脚本',
    heading: '脚本',
    intro: '每行一条 AT 命令；{payload} 为在提示符处发送的数据；{expect} 检查应答；{await} 等待 URC；{variable} 在下方填写。同样的脚本也可用 {cli} 运行。',
    run: '运行',
    runTitle: '在已打开的串口上运行脚本',
    openPortFirst: '请先打开串口',
    stop: '停止',
    fromSession: '从当前会话生成',
    fromSessionTitle: '将当前显示的会话生成为可重放的脚本',
    passed: '通过：{steps} 步，用时 {seconds} 秒。',
    failedAt: '在第 {line} 行失败：',
    explanation: '{meaning} 下一步：{next}',
    editor: '脚本',
    progress: '脚本执行进度',
    exampleComment: '初步检查：模组有应答，SIM 卡已就绪。',
  },
});
