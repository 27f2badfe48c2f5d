// Every area's messages. A new area: one import and one entry here.
import { cli } from './cli';
import { cliOut } from './cliOut';
import { shell } from './shell';
import { stepDetail } from './stepDetail';
import { cliRack } from './cliRack';
import { cliHelp } from './cliHelp';
import { cliHelpConnect } from './cliHelpConnect';

export const messages = {
  cli,
  cliOut,
  shell,
  stepDetail,
  cliRack,
  cliHelp,
  cliHelpConnect,
};

export type Area = keyof typeof messages;
