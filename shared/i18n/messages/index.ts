// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';
import { cliRack } from './cliRack';

export const messages = {
  shell,
  cliRack,
};

export type Area = keyof typeof messages;
