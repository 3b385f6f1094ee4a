import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import type { Event } from '../base/emitter.ts';
import { errorMessage } from '../base/errors.ts';
import { FileChangeWatcher } from '../base/fileChangeWatcher.ts';
import { Disposable } from '../base/lifecycle.ts';
import type { GatewayLog } from './gatewayLog.ts';
import type { TokenGrant } from './tokenRegistry.ts';
import { readTokensFile } from './tokensFile.ts';

/** What a reload did: the new set applied, or the file refused (the last good set stays). */
export type TokensReload = { applied: true; tokens: number } | { applied: false; error: string };

export interface TokensFileReloaderOptions {
  path: string;
  /** Installs a new set; throws (changing nothing) when the set is unusable. */
  apply: (grants: readonly TokenGrant[]) => void;
  log: GatewayLog;
  clock?: Clock;
  debounceMs?: number;
}

/**
 * Hosted mode: re-reads the tokens file whenever it changes and hands the new grants to the
 * gateway, so operators add, remove and re-role tokens without a restart. A file that cannot be
 * read, does not parse, is insecure, or holds a duplicate token is refused with one clear log
 * line, and the last good set keeps serving: a half-saved edit never locks everyone out.
 */
export class TokensFileReloader extends Disposable {
  private readonly options: TokensFileReloaderOptions;
  private readonly reloaded = this.register(new Emitter<TokensReload>());
  /** Fires after each reload attempt. */
  readonly onDidReload: Event<TokensReload> = this.reloaded.event;

  constructor(options: TokensFileReloaderOptions) {
    super();
    this.options = options;
    const watcher = this.register(new FileChangeWatcher(options.path, { clock: options.clock, debounceMs: options.debounceMs }));
    this.register(watcher.onDidChange(() => this.reload()));
  }

  /** Reads the file and applies it now (the watcher calls this on every change). */
  reload(): TokensReload {
    let outcome: TokensReload;
    try {
      const { grants } = readTokensFile(this.options.path);
      this.options.apply(grants);
      outcome = { applied: true, tokens: grants.length };
      this.options.log.info('tokens file reloaded', { path: this.options.path, tokens: grants.length });
    } catch (error) {
      outcome = { applied: false, error: errorMessage(error) };
      this.options.log.error('the tokens file was not applied; the previous tokens stay in force until it is fixed', { path: this.options.path, error: outcome.error });
    }
    this.reloaded.fire(outcome);
    return outcome;
  }
}
