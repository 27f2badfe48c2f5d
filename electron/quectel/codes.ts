// The code catalogue and `explain` live in shared/protocol/codes.ts so the renderer, the grouper
// and the main side read one table; this module keeps the main side's import path.
export * from '../../shared/protocol/codes';
