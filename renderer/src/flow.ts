// The screen flow as a small machine rather than scattered booleans:
// start → briefing → player → debrief → (replay → player), start ↔ history, and start ↔ the staff
// areas (HR, behind a PIN checked by main).
import { assign, setup } from 'xstate';

interface FlowContext {
  readonly profileId: string | undefined;
  readonly scenarioId: string | undefined;
  readonly attemptId: string | undefined;
  readonly staffRole: 'hr' | 'trainer' | undefined;
}

export type FlowEvent =
  | { type: 'PROFILE'; profileId: string | undefined }
  | { type: 'BRIEF'; scenarioId: string }
  | { type: 'PLAY'; attemptId: string }
  | { type: 'DEBRIEF'; attemptId: string }
  | { type: 'HISTORY' }
  | { type: 'STAFF'; role: 'hr' | 'trainer' }
  | { type: 'HOME' };

export const flowMachine = setup({
  types: { context: {} as FlowContext, events: {} as FlowEvent },
  guards: { hasProfile: ({ context }) => context.profileId !== undefined },
  actions: {
    rememberScenario: assign({ scenarioId: ({ event }) => (event.type === 'BRIEF' ? event.scenarioId : undefined) }),
    rememberAttempt: assign({ attemptId: ({ event }) => (event.type === 'PLAY' || event.type === 'DEBRIEF' ? event.attemptId : undefined) }),
    forgetAttempt: assign({ attemptId: undefined, scenarioId: undefined }),
  },
}).createMachine({
  id: 'flow',
  context: { profileId: undefined, scenarioId: undefined, attemptId: undefined, staffRole: undefined },
  initial: 'start',
  on: {
    // From anywhere (the idle timer too): back to the start screen; attempts stay resumable.
    HOME: { target: '.start', actions: 'forgetAttempt' },
    PROFILE: { target: '.start', actions: [assign({ profileId: ({ event }) => event.profileId }), 'forgetAttempt'] },
  },
  states: {
    start: {
      on: {
        BRIEF: { guard: 'hasProfile', target: 'briefing', actions: 'rememberScenario' },
        PLAY: { guard: 'hasProfile', target: 'player', actions: 'rememberAttempt' },
        DEBRIEF: { guard: 'hasProfile', target: 'debrief', actions: 'rememberAttempt' },
        HISTORY: { guard: 'hasProfile', target: 'history' },
        // Staff areas need no trainee profile, and leave none behind: the trainee's profile is let go.
        STAFF: { target: 'staff', actions: assign({ staffRole: ({ event }) => event.role, profileId: undefined }) },
      },
    },
    briefing: { on: { PLAY: { target: 'player', actions: 'rememberAttempt' } } },
    player: { on: { DEBRIEF: { target: 'debrief', actions: 'rememberAttempt' } } },
    debrief: { on: { PLAY: { target: 'player', actions: 'rememberAttempt' }, BRIEF: { target: 'briefing', actions: 'rememberScenario' }, HISTORY: 'history' } },
    staff: { exit: assign({ staffRole: undefined }) },
    history: { on: { DEBRIEF: { target: 'debrief', actions: 'rememberAttempt' }, BRIEF: { target: 'briefing', actions: 'rememberScenario' } } },
  },
});
