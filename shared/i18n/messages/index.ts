// Every area's messages. A new area: one import and one entry here.
import { shell } from './shell';
import { catalogue } from './catalogue';
import { problems } from './problems';
import { report } from './report';

export const messages = {
  shell,
  catalogue,
  problems,
  report,
};

export type Area = keyof typeof messages;
