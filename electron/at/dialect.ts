// What the engine needs to know of a modem family's command set: each command's timeout and which
// lines it claims (catalogue rows), and the lines that are unsolicited (URC rows, most specific
// first). The engine itself knows the V.250 / 3GPP TS 27.007 basics only; a family extends them
// (electron/quectel/at-dialect.ts), so nothing of MQTT lives in the engine.
import { basicCommands, type CommandTable } from './catalogue';
import { basicUrcs, type UrcRow } from './urc-registry';

export interface AtDialect {
  readonly commands: CommandTable;
  readonly urcs: readonly UrcRow[];
}

export const basicDialect: AtDialect = { commands: basicCommands, urcs: basicUrcs };

/** `base` with more commands (a row of the same name replaces the base's) and URC rows tried first. */
export function extendDialect(base: AtDialect, more: Partial<AtDialect>): AtDialect {
  return { commands: { ...base.commands, ...more.commands }, urcs: [...(more.urcs ?? []), ...base.urcs] };
}
