// How a recorded session ended, as the Sessions list says it (electron/session/sessions.ts).
import { defineMessages } from '../define';

export const sessionOutcome = defineMessages({
  en: {
    beingRecorded: 'being recorded by another process{connected, select, yes { (connected)} other {}}',
    connected: 'connected{failure, select, none {} other {; first failure at {failure}}}{crashed, select, yes {; ended by crash} other {}}',
    failed: 'failed at {failure}{crashed, select, yes {; ended by crash} other {}}',
    crashed: 'ended by crash',
    empty: 'nothing recorded',
    ended: 'ended without an MQTT connection',
    live: 'in progress',
  },
  'zh-CN': {
    beingRecorded: '正由另一个进程记录{connected, select, yes {（已连接）} other {}}',
    connected: '已连接{failure, select, none {} other {；首次失败于 {failure}}}{crashed, select, yes {；因崩溃结束} other {}}',
    failed: '失败于 {failure}{crashed, select, yes {；因崩溃结束} other {}}',
    crashed: '因崩溃结束',
    empty: '没有记录',
    ended: '结束时未建立 MQTT 连接',
    live: '进行中',
  },
});
