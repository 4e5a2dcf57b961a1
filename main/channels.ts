// The channel names alone, without their schemas: what the preload needs (it stays tiny).
export const CHANNEL_NAMES = [
  'app:status', 'app:print-pdf', 'app:acknowledge-notices', 'settings:update', 'profiles:list', 'profiles:create', 'scenarios:list', 'scenarios:get',
  'attempts:start', 'attempts:decide', 'attempts:in-progress', 'attempts:history', 'attempts:get', 'attempts:abandon', 'attempts:report',
  'roles:status', 'roles:setup', 'roles:unlock', 'roles:recover', 'roles:change-pin', 'roles:lock',
  'hr:trainees', 'hr:bundle-export', 'hr:bundle-import', 'hr:merge-proposals', 'hr:merge', 'hr:trainee-export', 'hr:trainee-erase', 'hr:retention', 'hr:purge', 'hr:workstation',
  'hr:dashboard', 'hr:export',
  'xapi:status', 'xapi:configure', 'xapi:remove', 'xapi:push', 'xapi:retry', 'xapi:export',
  'studio:list', 'studio:get', 'studio:save', 'studio:duplicate', 'studio:delete', 'studio:restore', 'studio:publish', 'studio:assign', 'studio:export', 'studio:cohort',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];
