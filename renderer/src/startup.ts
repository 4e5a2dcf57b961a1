// The one call start-up makes before React: main.tsx imports this module first, so app:status is
// on its way while the rest of the bundle is still being evaluated. App takes the answer.
import { call } from './api';

export const statusAtStart = call('app:status', {});
// App reports a failure when it takes the answer; until then the rejection is not unhandled.
statusAtStart.catch(() => undefined);
