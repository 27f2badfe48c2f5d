// Every area's messages. A new area: one import and one entry here.
import { cli } from './cli';
import { cliOut } from './cliOut';
import { shell } from './shell';

export const messages = {
  cli,
  cliOut,
  shell,
};

export type Area = keyof typeof messages;
