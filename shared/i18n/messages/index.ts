// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';
import { rack } from './rack';

export const messages = {
  shell,
  rack,
};

export type Area = keyof typeof messages;
