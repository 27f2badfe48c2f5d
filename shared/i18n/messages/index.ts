// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';

export const messages = {
  shell,
};

export type Area = keyof typeof messages;
