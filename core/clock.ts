/** The source of "now"; injected so tests control time. */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();
