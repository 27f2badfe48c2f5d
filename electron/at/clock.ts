// The engine's clock is the one shared clock (shared/clock.ts); re-exported for the AT layer.
export { realClock, type Clock, type TimerHandle } from '../../shared/clock';
