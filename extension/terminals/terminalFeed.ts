import type { SubscribeTerminalOptions, TerminalStreamChunk } from '../../host/client/terminalSubscription.ts';
import type { HostState } from '../connection/hostLink.ts';

/** The part of a gateway client a feed uses. */
export interface TerminalStreamClient {
  subscribeTerminal(options: SubscribeTerminalOptions): { dispose(): void };
}

/** The folder's host link as a feed sees it: the current client, and when it comes and goes. */
export interface TerminalSource {
  readonly client: TerminalStreamClient | undefined;
  onDidChangeState(listener: (state: HostState) => void): { dispose(): void };
}

/** A host link a terminal can follow: a source that also tells its state now. */
export interface TerminalLink extends TerminalSource {
  readonly state: HostState;
}

/**
 * A TerminalSource that can move to another link: the folder's connection is replaced when the
 * window switches to a remote gateway and back. Moving tells the feed the new link's state at
 * once, so a feed resumes through the new link's client from the last chunk it showed.
 */
export class SwitchableTerminalSource implements TerminalSource {
  private link: TerminalLink;
  private forwarding: { dispose(): void };
  private readonly listeners = new Set<(state: HostState) => void>();

  constructor(link: TerminalLink) {
    this.link = link;
    this.forwarding = this.forward(link);
  }

  get client(): TerminalStreamClient | undefined {
    return this.link.client;
  }

  onDidChangeState(listener: (state: HostState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  switchTo(link: TerminalLink): void {
    if (link === this.link) return;
    this.forwarding.dispose();
    this.link = link;
    this.forwarding = this.forward(link);
    this.announce(link.state);
  }

  dispose(): void {
    this.forwarding.dispose();
    this.listeners.clear();
  }

  private forward(link: TerminalLink): { dispose(): void } {
    return link.onDidChangeState((state) => this.announce(state));
  }

  private announce(state: HostState): void {
    for (const listener of [...this.listeners]) listener(state);
  }
}

export interface TerminalFeedOptions {
  streamId: string;
  source: TerminalSource;
  /** The run's output, decoded, in order, each chunk once. */
  onOutput(text: string): void;
  /** A line of our own about the connection (dim in the terminal). */
  onNotice(text: string): void;
}

/**
 * One run's terminal output, from the start of the stream, that follows the run across host
 * restarts: a restarted (or reattached) host comes with a new client, and the feed resubscribes
 * from the last chunk it delivered, so nothing is shown twice and nothing is skipped.
 */
export class TerminalFeed {
  private lastSeq = 0;
  private subscription: { dispose(): void } | undefined;
  private attachedTo: TerminalStreamClient | undefined;
  private interrupted = false;
  private readonly decoder = new TextDecoder();
  private readonly stateSubscription: { dispose(): void };
  private readonly options: TerminalFeedOptions;

  constructor(options: TerminalFeedOptions) {
    this.options = options;
    this.stateSubscription = options.source.onDidChangeState((state) => (state === 'ready' ? this.attach() : this.detach(state)));
    this.attach();
  }

  /** The seq of the last chunk shown. */
  get cursor(): number {
    return this.lastSeq;
  }

  private attach(): void {
    const client = this.options.source.client;
    if (!client) { this.detach('not connected'); return; }
    if (client === this.attachedTo && this.subscription) return;
    this.subscription?.dispose();
    this.attachedTo = client;
    if (this.interrupted) this.options.onNotice(`host is back; resuming after chunk ${this.lastSeq}`);
    this.interrupted = false;
    this.subscription = client.subscribeTerminal({
      streamId: this.options.streamId,
      cursor: this.lastSeq,
      onChunk: (chunk) => this.deliver(chunk),
    });
  }

  private deliver(chunk: TerminalStreamChunk): void {
    if (chunk.seq <= this.lastSeq) return;
    this.lastSeq = chunk.seq;
    this.options.onOutput(this.decoder.decode(chunk.data, { stream: true }));
  }

  private detach(state: HostState | 'not connected'): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.attachedTo = undefined;
    if (this.interrupted) return;
    this.interrupted = true;
    this.options.onNotice(`host ${state === 'starting' ? 'restarting' : state}; output resumes here when it is back (the run goes on)`);
  }

  dispose(): void {
    this.stateSubscription.dispose();
    this.subscription?.dispose();
    this.subscription = undefined;
  }
}
