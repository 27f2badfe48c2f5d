import type { StateCreator } from 'zustand';
import type { ReceivedMessage, Subscription } from '../../../shared/status';
import type { Workbench } from '../index';
import { initialTopicsState, type TopicsState } from './state';

/** Received messages kept in memory for the panel (the journal keeps all of them). */
const MAX_MESSAGES = 5000;

export interface TopicsActions {
  setTopicsField<K extends keyof TopicsState>(key: K, value: TopicsState[K]): void;
  subscribe(): Promise<void>;
  unsubscribe(sub: Subscription): Promise<void>;
  publish(): Promise<void>;
  messageReceived(m: ReceivedMessage): void;
  /** Disconnect (AT+QMTDISC) or Close network (AT+QMTCLOSE) the client of the form. */
  endLink(how: 'disconnect' | 'close'): Promise<void>;
  subscriptionsChanged(subs: Subscription[]): void;
}

export type TopicsSlice = TopicsState & TopicsActions;

export const createTopicsSlice: StateCreator<Workbench, [], [], TopicsSlice> = (set, get) => ({
  ...initialTopicsState,
  setTopicsField(key, value) {
    // Editing what to publish makes the last "Published …" and its failure old news.
    const stale = String(key).startsWith('pub') ? { lastPublished: undefined, topicsProblem: undefined } : {};
    set({ [key]: value, ...stale } as Partial<TopicsState>);
  },
  async subscribe() {
    const { subTopic, subQos, subMore } = get();
    set({ topicsBusy: true, topicsProblem: undefined });
    const more = subMore.filter((m) => m.topic.trim()).map((m) => ({ topic: m.topic.trim(), qos: m.qos }));
    const r = await get().api.mqttSubscribe({ topic: subTopic.trim(), qos: subQos, clientIdx: Number(get().form.clientIdx), ...(more.length ? { more } : {}) });
    set(r.ok ? { topicsBusy: false } : { topicsBusy: false, topicsProblem: r.problem });
  },
  async unsubscribe(sub) {
    set({ topicsBusy: true, topicsProblem: undefined });
    const r = await get().api.mqttUnsubscribe({ topic: sub.topic, clientIdx: sub.clientIdx });
    set(r.ok ? { topicsBusy: false } : { topicsBusy: false, topicsProblem: r.problem });
  },
  async publish() {
    const s = get();
    set({ topicsBusy: true, topicsProblem: undefined });
    const r = await s.api.mqttPublish({ topic: s.pubTopic.trim(), qos: s.pubQos, retain: s.pubRetain, payload: s.pubPayload, encoding: s.pubEncoding, clientIdx: Number(s.form.clientIdx) });
    set(r.ok ? { topicsBusy: false, lastPublished: { topic: s.pubTopic.trim(), msgId: r.value.msgId } } : { topicsBusy: false, topicsProblem: r.problem });
  },
  async endLink(how) {
    const clientIdx = Number(get().form.clientIdx);
    set({ topicsBusy: true, topicsProblem: undefined });
    const r = how === 'disconnect' ? await get().api.mqttDisconnect({ clientIdx }) : await get().api.mqttCloseNetwork({ clientIdx });
    set(r.ok ? { topicsBusy: false } : { topicsBusy: false, topicsProblem: r.problem });
  },
  messageReceived(m) {
    set((s) => ({ messages: s.messages.length >= MAX_MESSAGES ? [...s.messages.slice(1 - MAX_MESSAGES), m] : [...s.messages, m] }));
  },
  subscriptionsChanged(subs) {
    set({ subscriptions: subs });
  },
});
