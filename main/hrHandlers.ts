// HR's channels that move people's data: bundles gathered from other workstations, merging a trainee's
// profiles, and personal data (export one trainee, erase, retention). Each checks an HR session first.
import { requireRole, type RoleContext } from './roleHandlers';
import type { Handlers } from './handlers';
import type { MergeProposal, Store } from './store/store';
import { fileStamp, type FileGate } from './files';
import type { XapiService } from './xapi/service';
import { ConflictError } from './handlers';

export interface HrContext extends RoleContext {
  readonly xapi?: XapiService | undefined;
  readonly store: Store;
  /** Undefined where no file can cross (tests of other channels): file channels answer conflict. */
  readonly files?: FileGate | undefined;
  readonly now?: () => number;
}

type HrPeopleChannels = 'hr:trainees' | 'hr:bundle-export' | 'hr:bundle-import' | 'hr:merge-proposals' | 'hr:merge' | 'hr:trainee-export' | 'hr:trainee-erase' | 'hr:retention' | 'hr:purge' | 'hr:workstation';

const writable = (p: MergeProposal) => ({ employeeId: p.employeeId, profiles: [...p.profiles] });

export function createHrPeopleHandlers(ctx: HrContext): Pick<Handlers, HrPeopleChannels> {
  const now = ctx.now ?? Date.now;
  const hr = (session: string) => requireRole(ctx, session, 'hr');
  const files = (): FileGate => {
    if (!ctx.files) throw new ConflictError('no file transfer on this workstation');
    return ctx.files;
  };
  /** Writes through the file gate; undefined when the user cancelled the save dialog. */
  const deliver = async <T>(fileName: string, write: (path: string) => Promise<T>) => {
    const target = await files().prepare(fileName);
    if (!target) return { cancelled: true as const };
    const report = await write(target.path);
    return { cancelled: false as const, file: target.done(), report };
  };

  return {
    'hr:trainees': async ({ session }) => {
      hr(session);
      return Promise.all(ctx.store.listProfiles().map(async (profile) => ({ profile, attempts: (await ctx.store.listProfileAttempts(profile.id)).length })));
    },
    'hr:bundle-export': async ({ session, from, to }) => {
      hr(session);
      const workstation = await ctx.store.getWorkstation();
      const result = await deliver(`comptoir-${workstation.name}-${fileStamp(now())}.comptoir-bundle.jsonl`, (path) => ctx.store.exportBundle(path, { from, to }));
      return result.cancelled ? result : { cancelled: false, file: result.file, counts: result.report.counts };
    },
    'hr:bundle-import': async ({ session, uploadId }) => {
      hr(session);
      const path = await files().incoming(uploadId, ['jsonl']);
      if (!path) return { cancelled: true as const };
      const report = await ctx.store.importBundle(path);
      return { cancelled: false as const, report: { ...report, mergeProposals: report.mergeProposals.map(writable) } };
    },
    'hr:merge-proposals': async ({ session }) => {
      hr(session);
      return (await ctx.store.listMergeProposals()).map(writable);
    },
    'hr:merge': async ({ session, keepId, mergeId }) => {
      hr(session);
      const report = await ctx.store.mergeProfiles(keepId, mergeId);
      return { kept: report.kept, mergedProfileId: report.mergedProfileId, attempts: report.attemptIds.length };
    },
    'hr:trainee-export': async ({ session, profileId }) => {
      hr(session);
      const profile = ctx.store.listProfiles().find((p) => p.id === profileId);
      const result = await deliver(`comptoir-donnees-${profile?.displayName ?? profileId}.json`, (path) => ctx.store.exportPersonalData(profileId, path));
      return result.cancelled ? result : { cancelled: false, file: result.file, attempts: result.report.attempts };
    },
    'hr:trainee-erase': async ({ session, profileId, confirmName }) => {
      hr(session);
      // The confirmation is checked here too: a request alone never erases anyone.
      const profile = ctx.store.listProfiles().find((p) => p.id === profileId);
      if (profile && profile.displayName !== confirmName) throw new ConflictError('the confirmation does not match the trainee’s display name');
      const report = await ctx.store.eraseProfile(profileId);
      // Their queued statements go too: nothing of theirs leaves for the LRS after erasure.
      await ctx.xapi?.eraseProfile(profileId);
      return { profileId, attempts: report.attemptIds.length, filesDeleted: report.filesDeleted };
    },
    'hr:retention': async ({ session, months }) => {
      hr(session);
      return ctx.store.updateSettings({ retentionMonths: months });
    },
    'hr:purge': async ({ session }) => {
      hr(session);
      const report = await ctx.store.purgeExpired();
      return { retentionMonths: report.retentionMonths, cutoff: report.cutoff, finished: report.finished, abandoned: report.abandoned, keptInProgress: report.keptInProgress };
    },
    'hr:workstation': async ({ session, name }) => {
      hr(session);
      return name === undefined ? ctx.store.getWorkstation() : ctx.store.renameWorkstation(name);
    },
  };
}
