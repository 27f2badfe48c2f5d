import type { StateCreator } from 'zustand';
import type { ReceivedMessage, Subscription } from '../../../shared/status';
import type { Workbench } from '../index';
import { initialTopicsState, type PlotChoice, type TopicsState } from './state';

/** Received messages kept in memory for the panel (the journal keeps all of them). */
const MAX_MESSAGES = 5000;

export interface TopicsActions {
  setTopicsField<K extends keyof TopicsState>(key: K, value: TopicsState[K]): void;
  subscribe(): Promise<void>;
  unsubscribe(sub: Subscription): Promise<void>;
  publish(): Promise<void>;
  messageReceived(m: ReceivedMessage): void;
  /** Disconnect (AT+QMTDISC) or Close network (AT+QMTCLOSE) a client (default: the one shown). */
  endLink(how: 'disconnect' | 'close', clientIdx?: number): Promise<void>;
  subscriptionsChanged(subs: Subscription[]): void;
  /** Plots a topic's numeric field beside the received list, or stops plotting it. */
  togglePlot(choice: PlotChoice): void;
}

export type TopicsSlice = TopicsState & TopicsActions;

export const createTopicsSlice: StateCreator<Workbench, [], [], TopicsSlice> = (set, get) => ({
  ...initialTopicsState,
  setTopicsField(key, value) {
    // Editing what to publish makes the last "Published …" and its failure old news.
    const stale = String(key).startsWith('pub') ? { lastPublished: undefined, topicsProblem: undefined } : {};
    set({ [key]: value, ...stale } as Partial<TopicsState>);
  },
  // Each answer goes to the client that asked, also when another one is shown by now.
  async subscribe() {
    const { subTopic, subQos, subMore, activeClient: clientIdx, updateClient } = get();
    set({ topicsBusy: true, topicsProblem: undefined });
    const more = subMore.filter((m) => m.topic.trim()).map((m) => ({ topic: m.topic.trim(), qos: m.qos }));
    const r = await get().api.mqttSubscribe({ topic: subTopic.trim(), qos: subQos, clientIdx, ...(more.length ? { more } : {}) });
    updateClient(clientIdx, () => (r.ok ? { topicsBusy: false } : { topicsBusy: false, topicsProblem: r.problem }));
  },
  async unsubscribe(sub) {
    const { activeClient, updateClient } = get();
    set({ topicsBusy: true, topicsProblem: undefined });
    const r = await get().api.mqttUnsubscribe({ topic: sub.topic, clientIdx: sub.clientIdx });
    updateClient(activeClient, () => (r.ok ? { topicsBusy: false } : { topicsBusy: false, topicsProblem: r.problem }));
  },
  async publish() {
    const s = get();
    set({ topicsBusy: true, topicsProblem: undefined });
    const r = await s.api.mqttPublish({ topic: s.pubTopic.trim(), qos: s.pubQos, retain: s.pubRetain, payload: s.pubPayload, encoding: s.pubEncoding, clientIdx: s.activeClient });
    s.updateClient(s.activeClient, () => (r.ok ? { topicsBusy: false, lastPublished: { topic: s.pubTopic.trim(), msgId: r.value.msgId } } : { topicsBusy: false, topicsProblem: r.problem }));
  },
  async endLink(how, clientIdx = get().activeClient) {
    const { updateClient } = get();
    updateClient(clientIdx, () => ({ topicsBusy: true, topicsProblem: undefined }));
    const r = how === 'disconnect' ? await get().api.mqttDisconnect({ clientIdx }) : await get().api.mqttCloseNetwork({ clientIdx });
    updateClient(clientIdx, () => (r.ok ? { topicsBusy: false } : { topicsBusy: false, topicsProblem: r.problem }));
  },
  messageReceived(m) {
    set((s) => ({ messages: s.messages.length >= MAX_MESSAGES ? [...s.messages.slice(1 - MAX_MESSAGES), m] : [...s.messages, m] }));
  },
  subscriptionsChanged(subs) {
    set({ subscriptions: subs });
  },
  togglePlot(c) {
    set((s) => {
      const same = (p: PlotChoice) => p.clientIdx === c.clientIdx && p.topic === c.topic && p.field === c.field;
      return { plotted: s.plotted.some(same) ? s.plotted.filter((p) => !same(p)) : [...s.plotted, { clientIdx: c.clientIdx, topic: c.topic, field: c.field }] };
    });
  },
});
