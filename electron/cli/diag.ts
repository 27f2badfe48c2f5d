// `workbench diag`: one check of the diagnosis table (see modem-tools.ts).
export { runDiag as run } from './modem-tools';
