// Every area's messages. A new area: one import and one entry here.
import { log } from './log';
import { shell } from './shell';

export const messages = {
  shell,
  log,
};

export type Area = keyof typeof messages;
