import type { Problem } from '../../../shared/outcome';
import type { ReceivedMessage, Subscription } from '../../../shared/status';

export type PayloadEncoding = 'text' | 'json' | 'hex';

/** A numeric field of a topic's payloads chosen for a chart ('' is the payload as a whole). */
export interface PlotChoice {
  clientIdx: number;
  topic: string;
  field: string;
}

export interface TopicsState {
  subscriptions: Subscription[];
  messages: ReceivedMessage[];
  subTopic: string;
  subQos: 0 | 1 | 2;
  /** More filters for the same subscribe (one AT+QMTSUB). */
  subMore: Array<{ topic: string; qos: 0 | 1 | 2 }>;
  pubTopic: string;
  pubQos: 0 | 1 | 2;
  pubRetain: boolean;
  pubPayload: string;
  pubEncoding: PayloadEncoding;
  /** How received payloads are shown. */
  viewEncoding: PayloadEncoding;
  topicsBusy: boolean;
  topicsProblem?: Problem;
  lastPublished?: { topic: string; msgId: number };
  /** Fields plotted beside the received list, in the order they were chosen. */
  plotted: PlotChoice[];
}

export const initialTopicsState: TopicsState = {
  subscriptions: [],
  messages: [],
  subTopic: '',
  subQos: 1,
  subMore: [],
  pubTopic: '',
  pubQos: 0,
  pubRetain: false,
  pubPayload: '',
  pubEncoding: 'text',
  viewEncoding: 'text',
  topicsBusy: false,
  plotted: [],
};
