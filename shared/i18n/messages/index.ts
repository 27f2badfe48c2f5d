// Every area's messages. A new area: one import and one entry here.
import { cli } from './cli';
import { cliOut } from './cliOut';
import { log } from './log';
import { shell } from './shell';
import { stepDetail } from './stepDetail';
import { cliRack } from './cliRack';
import { connection } from './connection';
import { status } from './status';
import { steps } from './steps';
import { wizard } from './wizard';
import { wizardAliyun } from './wizardAliyun';
import { diagnostics } from './diagnostics';
import { aliyunCheck } from './aliyunCheck';
import { aliyunField } from './aliyunField';
import { ports } from './ports';

export const messages = {
  cli,
  cliOut,
  shell,
  stepDetail,
  cliRack,
  connection,
  status,
  steps,
  wizard,
  wizardAliyun,
  log,
  diagnostics,
  aliyunCheck,
  aliyunField,
  ports,
};

export type Area = keyof typeof messages;
