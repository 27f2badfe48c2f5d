// The AT engine as every Quectel caller needs it: the generic engine with the Quectel commands and
// URCs and the Quectel line stages attached, so no caller can forget them.
import { createAtEngine, type EngineOptions } from '../at/engine';
import type { AtEngine, SerialTransport } from '../at/types';
import { quectelDialect } from './at-dialect';
import { createRecvStage, type RecvStageOptions } from './recv-stage';

export type QuectelEngineOptions = EngineOptions & RecvStageOptions;

export function createQuectelEngine(transport: SerialTransport, opts: QuectelEngineOptions = {}): AtEngine {
  const { recvContinuationMs, recvContinuationMaxLines, stages = [], ...engineOpts } = opts;
  const recv = createRecvStage({
    ...(recvContinuationMs !== undefined ? { recvContinuationMs } : {}),
    ...(recvContinuationMaxLines !== undefined ? { recvContinuationMaxLines } : {}),
  });
  return createAtEngine(transport, { dialect: quectelDialect, ...engineOpts, stages: [recv, ...stages] });
}
