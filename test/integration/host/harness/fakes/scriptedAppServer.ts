// A scripted stand-in for `codex app-server`, for protocol paths the real binary will not take with
// a mock model (user-input requests outside Plan mode, server requests we do not support) and for
// a harness that misbehaves. Usage: node scriptedAppServer.ts <scenario>. Every reply it receives
// is echoed as a `warning` notification with the message `fake/reply` (a method of the pinned
// protocol, so the adapter passes it through in order with everything else). In the `by_prompt` scenario the turn's prompt picks the behaviour
// (the first BEHAVIOURS key it contains), so one command can serve several runs at once.
import { createInterface } from 'node:readline';

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: unknown };

const THREAD = 'thread-fake';
const TURN = 'turn-fake';
const send = (message: Message): void => { process.stdout.write(`${JSON.stringify(message)}\n`); };
const completeTurn = (status: string): void => send({ method: 'turn/completed', params: { threadId: THREAD, turn: { id: TURN, status, items: [], error: null } } });
const startTurn = (message: Message): void => {
  send({ id: message.id, result: { turn: { id: TURN, status: 'inProgress', items: [], error: null } } });
  send({ method: 'turn/started', params: { threadId: THREAD, turn: { id: TURN, status: 'inProgress' } } });
};
/** Tells the test something on stdout, in order with the protocol messages, with a known method. */
const echo = (what: string, detail: Record<string, unknown> = {}): void => send({ method: 'warning', params: { threadId: THREAD, message: what, ...detail } });
const agentSays = (text: string): void => {
  const item = { type: 'agentMessage', id: 'msg-1', text, phase: null, memoryCitation: null };
  send({ method: 'item/completed', params: { threadId: THREAD, turnId: TURN, item } });
};

/** Misbehaviours a turn can show; each starts after `turn/start` arrived. */
const BEHAVIOURS: Record<string, (message: Message) => void> = {
  'GOOD': (message) => { startTurn(message); agentSays('all good'); completeTurn('completed'); },
  'BAD-KIND': (message) => {
    startTurn(message);
    send({ method: 'future/unknownThing', params: { threadId: THREAD, detail: 'a kind this adapter has never seen' } });
    agentSays('done despite the unknown kind');
    completeTurn('completed');
  },
  'BAD-JSON': (message) => {
    startTurn(message);
    process.stdout.write('{"method":"item/started","params":{broken json\n');
    agentSays('carrying on as if nothing happened');
  },
  'BAD-CAP': (message) => {
    startTurn(message);
    process.stdout.write(`{"method":"item/agentMessage/delta","params":{"delta":"${'x'.repeat(10 * 1024 * 1024 + 1)}"}}\n`);
  },
  'BAD-EXIT': (message) => {
    startTurn(message);
    process.stderr.write('fatal: dying on purpose mid-turn\n', () => process.exit(3));
  },
  // turn/start is never answered; status notifications keep the turn from going silent meanwhile.
  'BAD-NOANSWER': () => {
    const heartbeat = setInterval(() => send({ method: 'thread/status/changed', params: { threadId: THREAD, status: { type: 'active', activeFlags: [] } } }), 200);
    process.stdin.once('close', () => clearInterval(heartbeat));
  },
  'BAD-SILENT': (message) => startTurn(message),
};

interface Scenario {
  onTurnStart(message: Message): void;
  onReply(replyCount: number): void;
}

const scenarios: Record<string, Scenario> = {
  input_required: {
    onTurnStart: (message) => {
      startTurn(message);
      send({ id: 0, method: 'item/tool/requestUserInput', params: { threadId: THREAD, turnId: TURN, itemId: 'i1', questions: [{ id: 'q1', question: 'Which?' }] } });
    },
    onReply: () => undefined,
  },
  elicitation: {
    onTurnStart: (message) => {
      startTurn(message);
      const requestedSchema = {
        type: 'object',
        properties: {
          region: { type: 'string', title: 'Region', oneOf: [{ const: 'eu-west-1', title: 'Europe' }, { const: 'us-east-1', title: 'US' }] },
          replicas: { type: 'integer', description: 'How many replicas?' },
          confirm: { type: 'boolean', title: 'Deploy now?' },
          api_key: { type: 'string', description: 'The deploy API key' },
        },
        required: ['region'],
      };
      send({ id: 0, method: 'mcpServer/elicitation/request', params: { threadId: THREAD, turnId: TURN, serverName: 'deployer', mode: 'form', _meta: null, message: 'Deploy settings', requestedSchema } });
      send({ id: 1, method: 'mcpServer/elicitation/request', params: { threadId: THREAD, turnId: TURN, serverName: 'auth', mode: 'url', _meta: null, message: 'Sign in', url: 'https://example.test/login', elicitationId: 'e1' } });
    },
    onReply: (replyCount) => { if (replyCount === 2) completeTurn('completed'); },
  },
  unsupported_requests: {
    onTurnStart: (message) => {
      startTurn(message);
      send({ id: 0, method: 'attestation/generate', params: {} });
      send({ id: 1, method: 'item/tool/call', params: { threadId: THREAD, turnId: TURN, callId: 'c1', tool: 'linear_graphql', arguments: {} } });
    },
    onReply: (replyCount) => { if (replyCount === 2) completeTurn('completed'); },
  },
  by_prompt: {
    onTurnStart: (message) => {
      const prompt = JSON.stringify((message.params as { input?: unknown } | undefined)?.input ?? '');
      const behaviour = Object.keys(BEHAVIOURS).find((key) => prompt.includes(key)) ?? 'GOOD';
      BEHAVIOURS[behaviour]!(message);
    },
    onReply: () => undefined,
  },
};

const scenario = scenarios[process.argv[2] ?? ''];
if (!scenario) throw new Error(`unknown scenario ${process.argv[2]}`);
let replies = 0;

const handlers: Record<string, (message: Message) => void> = {
  initialize: (message) => send({ id: message.id, result: { userAgent: 'fake/0', codexHome: '/nowhere', platformFamily: 'unix', platformOs: 'linux' } }),
  initialized: () => undefined,
  'thread/start': (message) => send({ id: message.id, result: { thread: { id: THREAD }, model: 'fake', modelProvider: 'fake' } }),
  'turn/start': (message) => scenario.onTurnStart(message),
  'turn/interrupt': (message) => {
    send({ id: message.id, result: {} });
    echo('fake/interrupted');
    completeTurn('interrupted');
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line) as Message;
  if (message.method) {
    handlers[message.method]?.(message);
    return;
  }
  echo('fake/reply', { reply: message });
  scenario.onReply(++replies);
});
