import type { ConnectionProfile } from './connectionSettings.ts';

/** What the window attaches to. */
export type ConnectionPlan =
  | { kind: 'none' }
  | { kind: 'local' }
  | { kind: 'remote'; url: string; readOnly: boolean };

/**
 * Local hosts run agents and hooks in the repository, so Restricted Mode starts none. A remote
 * gateway runs nothing here: it stays available in Restricted Mode, read-only, so an untrusted
 * folder can watch runs but not start, stop or approve them.
 */
export function connectionPlan(trusted: boolean, profile: ConnectionProfile): ConnectionPlan {
  if (profile.mode === 'remote' && profile.remoteUrl) return { kind: 'remote', url: profile.remoteUrl, readOnly: !trusted };
  return trusted ? { kind: 'local' } : { kind: 'none' };
}
