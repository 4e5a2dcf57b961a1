// The studio's live lint, off the main thread: the same analysis as `npm run scenario -- lint`,
// on the draft's text, so a 2,000-step scenario never freezes typing. The worker keeps the last
// lint to redo only what an edit changed (scenarios/engine/incremental.ts).
import { config } from 'zod/v4/core';
import { IncrementalLint } from '../../../scenarios/engine/incremental';
import { lintDraft, type LintRequest } from './lintDraft';

// The worker runs under the same CSP as the page (no eval): zod stays on its interpreted path.
config({ jitless: true });

const linter = new IncrementalLint();
const scope = self as unknown as { onmessage: ((event: MessageEvent<LintRequest>) => void) | null; postMessage: (message: unknown) => void };
scope.onmessage = (event) => scope.postMessage(lintDraft(event.data, linter));
