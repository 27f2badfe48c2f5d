// `workbench files`: the modem's certificate files and SSL contexts (see modem-tools.ts).
export { runFiles as run } from './modem-tools';
