// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';
import { connection } from './connection';
import { status } from './status';
import { steps } from './steps';
import { wizard } from './wizard';
import { wizardAliyun } from './wizardAliyun';

export const messages = {
  shell,
  connection,
  status,
  steps,
  wizard,
  wizardAliyun,
};

export type Area = keyof typeof messages;
