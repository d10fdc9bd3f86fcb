import { Args } from '@oclif/core';

/** The `ID` argument of the job commands: a positive integer, checked before any request. */
export const jobIdArg = Args.integer({
  min: 1,
  required: true,
  description: 'Job id, as `job list` shows it',
});
