// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';
import { sessions } from './sessions';
import { scripts } from './scripts';
import { probe } from './probe';
import { files } from './files';
import { app } from './app';
import { consoleMessages } from './console';
import { diagram } from './diagram';
import { exportMessages } from './export';

export const messages = {
  shell,
  sessions,
  scripts,
  probe,
  files,
  app,
  console: consoleMessages,
  diagram,
  export: exportMessages,
};

export type Area = keyof typeof messages;
