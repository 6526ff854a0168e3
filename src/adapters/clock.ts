// The real clock, for the composition root and the commands; the core and tests take a Clock port instead.
import type { Clock } from '../core/ports.ts';

export const systemClock: Clock = { now: () => new Date().toISOString() };
