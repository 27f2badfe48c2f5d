// Every area's messages. A new area: one import and one entry here.
import { cli } from './cli';
import { cliOut } from './cliOut';
import { shell } from './shell';
import { stepDetail } from './stepDetail';

export const messages = {
  cli,
  cliOut,
  shell,
  stepDetail,
};

export type Area = keyof typeof messages;
