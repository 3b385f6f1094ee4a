// A scripted stand-in for `codex app-server`, for protocol paths the real binary will not take with
// a mock model (user-input requests outside Plan mode, server requests we do not support).
// Usage: node scriptedAppServer.ts <scenario>. Every reply it receives is echoed as `fake/reply`.
import { createInterface } from 'node:readline';

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: unknown };

const THREAD = 'thread-fake';
const TURN = 'turn-fake';
const send = (message: Message): void => { process.stdout.write(`${JSON.stringify(message)}\n`); };
const completeTurn = (status: string): void => send({ method: 'turn/completed', params: { threadId: THREAD, turn: { id: TURN, status, items: [], error: null } } });

interface Scenario {
  afterTurnStart(): void;
  onReply(replyCount: number): void;
}

const scenarios: Record<string, Scenario> = {
  input_required: {
    afterTurnStart: () => send({ id: 0, method: 'item/tool/requestUserInput', params: { threadId: THREAD, turnId: TURN, itemId: 'i1', questions: [{ id: 'q1', question: 'Which?' }] } }),
    onReply: () => undefined,
  },
  unsupported_requests: {
    afterTurnStart: () => {
      send({ id: 0, method: 'attestation/generate', params: {} });
      send({ id: 1, method: 'item/tool/call', params: { threadId: THREAD, turnId: TURN, callId: 'c1', tool: 'linear_graphql', arguments: {} } });
    },
    onReply: (replyCount) => { if (replyCount === 2) completeTurn('completed'); },
  },
};

const scenario = scenarios[process.argv[2] ?? ''];
if (!scenario) throw new Error(`unknown scenario ${process.argv[2]}`);
let replies = 0;

const handlers: Record<string, (message: Message) => void> = {
  initialize: (message) => send({ id: message.id, result: { userAgent: 'fake/0', codexHome: '/nowhere', platformFamily: 'unix', platformOs: 'linux' } }),
  initialized: () => undefined,
  'thread/start': (message) => send({ id: message.id, result: { thread: { id: THREAD }, model: 'fake', modelProvider: 'fake' } }),
  'turn/start': (message) => {
    send({ id: message.id, result: { turn: { id: TURN, status: 'inProgress', items: [], error: null } } });
    send({ method: 'turn/started', params: { threadId: THREAD, turn: { id: TURN, status: 'inProgress' } } });
    scenario.afterTurnStart();
  },
  'turn/interrupt': (message) => {
    send({ id: message.id, result: {} });
    send({ method: 'fake/interrupted', params: {} });
    completeTurn('interrupted');
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line) as Message;
  if (message.method) {
    handlers[message.method]?.(message);
    return;
  }
  send({ method: 'fake/reply', params: { reply: message } });
  scenario.onReply(++replies);
});
