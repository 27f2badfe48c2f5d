// Every area's messages. A new area: one import and one entry here.
import { cli } from './cli';
import { cliOut } from './cliOut';
import { log } from './log';
import { sessionOutcome } from './sessionOutcome';
import { shell } from './shell';
import { stepDetail } from './stepDetail';
import { cliRack } from './cliRack';
import { connection } from './connection';
import { status } from './status';
import { steps } from './steps';
import { wizard } from './wizard';
import { wizardAliyun } from './wizardAliyun';
import { catalogue } from './catalogue';
import { problems } from './problems';
import { report } from './report';
import { sessions } from './sessions';
import { scripts } from './scripts';
import { probe } from './probe';
import { files } from './files';
import { app } from './app';
import { consoleMessages } from './console';
import { diagram } from './diagram';
import { exportMessages } from './export';
import { timeline } from './timeline';
import { topics } from './topics';
import { rack } from './rack';
import { cliHelp } from './cliHelp';
import { cliHelpConnect } from './cliHelpConnect';
import { diagnostics } from './diagnostics';
import { aliyunCheck } from './aliyunCheck';
import { aliyunField } from './aliyunField';
import { ports } from './ports';
import { signalQuality } from './signalQuality';
import { certCheck } from './certCheck';

export const messages = {
  cli,
  cliOut,
  sessionOutcome,
  shell,
  stepDetail,
  cliRack,
  connection,
  status,
  steps,
  wizard,
  wizardAliyun,
  log,
  catalogue,
  problems,
  report,
  sessions,
  scripts,
  probe,
  files,
  app,
  console: consoleMessages,
  diagram,
  export: exportMessages,
  timeline,
  topics,
  rack,
  cliHelp,
  cliHelpConnect,
  diagnostics,
  aliyunCheck,
  aliyunField,
  ports,
  signalQuality,
  certCheck,
};

export type Area = keyof typeof messages;
