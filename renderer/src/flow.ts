// The screen flow as a small machine rather than scattered booleans: start → player → start.
import { assign, setup } from 'xstate';

export const flowMachine = setup({
  types: {
    context: {} as { attemptId: string | undefined; profileId: string | undefined },
    events: {} as
      | { type: 'CHOOSE_PROFILE'; profileId: string | undefined }
      | { type: 'PLAY'; attemptId: string }
      | { type: 'LEAVE' },
  },
}).createMachine({
  id: 'flow',
  context: { attemptId: undefined, profileId: undefined },
  initial: 'start',
  states: {
    start: {
      on: {
        CHOOSE_PROFILE: { actions: assign({ profileId: ({ event }) => event.profileId }) },
        PLAY: { target: 'player', actions: assign({ attemptId: ({ event }) => event.attemptId }) },
      },
    },
    player: {
      on: { LEAVE: { target: 'start', actions: assign({ attemptId: undefined }) } },
    },
  },
});
