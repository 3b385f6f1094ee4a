import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SubscribeTerminalOptions } from '../../../../host/client/terminalSubscription.ts';
import type { HostState } from '../../../../extension/connection/hostLink.ts';
import { SwitchableTerminalSource, TerminalFeed, type TerminalLink, type TerminalSource, type TerminalStreamClient } from '../../../../extension/terminals/terminalFeed.ts';

const encoder = new TextEncoder();

/**
 * A host whose clients serve one journaled terminal stream the way the gateway does: a
 * subscription replays the chunks after its cursor, then gets the live ones. A restart replaces
 * the client (as HostSupervisor does) and ends the old client's subscriptions.
 */
class HostWithTerminal {
  readonly chunks: string[] = [];
  client: TerminalStreamClient | undefined;
  readonly cursors: number[] = [];
  private listeners: ((state: HostState) => void)[] = [];
  private live: { options: SubscribeTerminalOptions; open: boolean }[] = [];

  constructor() { this.client = this.newClient(); }

  readonly source: TerminalSource = sourceOf(this);

  listen(listener: (state: HostState) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((known) => known !== listener); } };
  }

  write(text: string): void {
    this.chunks.push(text);
    for (const subscriber of this.live.filter((entry) => entry.open)) this.deliver(subscriber.options, this.chunks.length);
  }

  restart(): void {
    for (const entry of this.live) entry.open = false;
    this.client = undefined;
    this.announce('starting');
    this.client = this.newClient();
    this.announce('ready');
  }

  private newClient(): TerminalStreamClient {
    return {
      subscribeTerminal: (options) => {
        this.cursors.push(options.cursor);
        const entry = { options, open: true };
        this.live.push(entry);
        for (let seq = options.cursor + 1; seq <= this.chunks.length; seq++) this.deliver(options, seq);
        return { dispose: () => { entry.open = false; } };
      },
    };
  }

  private deliver(options: SubscribeTerminalOptions, seq: number): void {
    options.onChunk({ streamId: options.streamId, seq, firstSeq: seq, data: encoder.encode(this.chunks[seq - 1]) });
  }

  state: HostState = 'ready';

  /** Tells listeners the host's state changed. */
  announce(state: HostState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  /** The host as a TerminalLink: what a terminal's switchable source follows. */
  get link(): TerminalLink {
    return { client: this.client, state: this.state, onDidChangeState: (listener) => this.listen(listener) };
  }
}
let host: HostWithTerminal;

function sourceOf(target: HostWithTerminal): TerminalSource {
  return { get client() { return target.client; }, onDidChangeState: (listener) => target.listen(listener) };
}

function follow(streamId = 'term-1') {
  const shown: string[] = [];
  const feed = new TerminalFeed({ streamId, source: host.source, onOutput: (text) => shown.push(text), onNotice: (text) => shown.push(`[${text}]`) });
  return { feed, shown };
}

describe('run terminal feed', () => {
  it('replays the stream from its start, then shows live output', () => {
    host = new HostWithTerminal();
    host.write('one\r\n');
    const { feed, shown } = follow();
    host.write('two\r\n');
    assert.deepEqual(shown, ['one\r\n', 'two\r\n']);
    assert.deepEqual(host.cursors, [0]);
    assert.equal(feed.cursor, 2);
    feed.dispose();
  });

  it('follows the run across a host restart: resumes after the last chunk, nothing twice, nothing lost', () => {
    host = new HostWithTerminal();
    host.write('before\r\n');
    const { feed, shown } = follow();
    host.restart();
    host.write('after\r\n');
    assert.deepEqual(host.cursors, [0, 1]);
    assert.deepEqual(shown.filter((line) => !line.startsWith('[')), ['before\r\n', 'after\r\n']);
    assert.match(shown.join(''), /\[host restarting; output resumes here.*\]\[host is back; resuming after chunk 1\]/);
    feed.dispose();
  });

  it('waits for a host that is not connected yet and attaches when it is ready', () => {
    host = new HostWithTerminal();
    host.write('queued output\r\n');
    const ready = host.client;
    host.client = undefined;
    const { feed, shown } = follow();
    assert.deepEqual(shown, ['[host not connected; output resumes here when it is back (the run goes on)]']);
    host.client = ready;
    host.announce('ready');
    assert.deepEqual(shown.slice(1), ['[host is back; resuming after chunk 0]', 'queued output\r\n']);
    feed.dispose();
  });

  it('moves to the folder\'s new connection (a remote gateway and back): resumes after the last chunk through the new client', () => {
    const first = new HostWithTerminal();
    first.write('before\r\n');
    const source = new SwitchableTerminalSource(first.link);
    const shown: string[] = [];
    const feed = new TerminalFeed({ streamId: 'term-1', source, onOutput: (text) => shown.push(text), onNotice: (text) => shown.push(`[${text}]`) });
    // The window lets go of the first connection: its host link stops.
    first.client = undefined;
    first.announce('stopped');
    // The new connection's host serves the same journaled stream, which went on meanwhile.
    const second = new HostWithTerminal();
    second.write('before\r\n');
    second.write('after\r\n');
    source.switchTo(second.link);
    second.write('live\r\n');
    first.announce('ready');
    assert.deepEqual(second.cursors, [1]);
    assert.deepEqual(shown.filter((line) => !line.startsWith('[')), ['before\r\n', 'after\r\n', 'live\r\n']);
    assert.deepEqual(first.cursors, [0], 'the first link is no longer followed');
    feed.dispose();
    source.dispose();
  });

  it('stops showing output and stops listening once disposed (closing the terminal only detaches)', () => {
    host = new HostWithTerminal();
    const { feed, shown } = follow();
    feed.dispose();
    host.write('later\r\n');
    host.restart();
    assert.deepEqual(shown, []);
    assert.deepEqual(host.cursors, [0]);
  });

  it('decodes a character split across chunks', () => {
    const bytes = encoder.encode('é');
    const client: TerminalStreamClient = {
      subscribeTerminal: (subscription) => {
        subscription.onChunk({ streamId: 'raw', seq: 1, firstSeq: 1, data: bytes.slice(0, 1) });
        subscription.onChunk({ streamId: 'raw', seq: 2, firstSeq: 2, data: bytes.slice(1) });
        return { dispose() {} };
      },
    };
    const outputs: string[] = [];
    const feed = new TerminalFeed({ streamId: 'raw', source: { client, onDidChangeState: () => ({ dispose() {} }) }, onOutput: (text) => outputs.push(text), onNotice: () => undefined });
    assert.equal(outputs.join(''), 'é');
    feed.dispose();
  });
});
