// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';
import { timeline } from './timeline';
import { topics } from './topics';

export const messages = {
  shell,
  timeline,
  topics,
};

export type Area = keyof typeof messages;
