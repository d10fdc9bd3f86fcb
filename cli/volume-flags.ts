import { Flags } from '@oclif/core';

/** Flags shared by `volume create` and `volume update`. */
export const volumeFlags = {
  description: Flags.string({ char: 'd', summary: 'Shown in listings' }),
  'host-path': Flags.string({
    summary: 'Host directory template: {username} {uid} {gid} {group} {project} {home}',
  }),
  'container-path': Flags.string({ summary: 'Where jobs see it (same placeholders)' }),
  'read-only': Flags.boolean({
    allowNo: true,
    summary: 'Jobs cannot write to it (default: read-only)',
  }),
  group: Flags.string({
    multiple: true,
    summary: 'Only members of this scheduling group may use it (repeat; default: everyone)',
  }),
};
