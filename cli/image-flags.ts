import { Flags } from '@oclif/core';

/** Flags that describe a catalog image (add, update, import). */
export const imageFieldFlags = {
  description: Flags.string({ char: 'd', summary: 'What the image offers' }),
  os: Flags.string({ summary: 'Operating system, e.g. debian or busybox' }),
  tag: Flags.string({ multiple: true, summary: 'A word to search by (repeat for more)' }),
  default: Flags.boolean({
    allowNo: true,
    summary: 'Make it the default image (--no-default to unset)',
  }),
};
