import { defineSignal } from '@temporalio/workflow';

/** Sent by the ordering pass: the job may start now. */
export const admitJobSignal = defineSignal('admitJob');

/** Sent on a user's or admin's kill request; carries the reason shown on the job. */
export const killJobSignal = defineSignal<[reason: string]>('killJob');

/** Asks the ordering workflow for a pass now rather than at its next tick. */
export const wakeOrderingSignal = defineSignal('wakeOrdering');
