import { defineSearchAttributeKey } from '@temporalio/common';

/** Owner of a job workflow, for filtering in the Temporal UI. */
export const ownerSearchAttribute = defineSearchAttributeKey('GodockerOwner', 'KEYWORD');

/** Current state of a job workflow, for filtering in the Temporal UI. */
export const stateSearchAttribute = defineSearchAttributeKey('GodockerState', 'KEYWORD');
