// The studio's live lint, off the main thread: the same analysis as `npm run scenario -- lint`,
// on the draft's canonical text, so a 2,000-step scenario never freezes typing.
import { config } from 'zod/v4/core';
import { lintDraft, type LintRequest } from './lintDraft';

// The worker runs under the same CSP as the page (no eval): zod stays on its interpreted path.
config({ jitless: true });

const scope = self as unknown as { onmessage: ((event: MessageEvent<LintRequest>) => void) | null; postMessage: (message: unknown) => void };
scope.onmessage = (event) => scope.postMessage(lintDraft(event.data));
