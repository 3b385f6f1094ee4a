// The fake agent-server as a process, so the supervisor can launch it as its command:
//   node fakeAgentServerMain.ts --host 127.0.0.1 --port N [--initializing-ms MS] [--step-delay-ms MS]
// The session key comes from the environment the way the real server reads it (A1):
// OH_SESSION_API_KEYS_0, else the legacy SESSION_API_KEY; without either, auth is off.
import { parseArgs } from 'node:util';
import { FakeAgentServer } from './fakeAgentServer.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8000' },
    'initializing-ms': { type: 'string', default: '0' },
    'step-delay-ms': { type: 'string', default: '2' },
  },
});

const key = process.env.OH_SESSION_API_KEYS_0 ?? process.env.SESSION_API_KEY;
const server = await FakeAgentServer.start({
  host: values.host,
  port: Number(values.port),
  sessionApiKeys: key ? [key] : [],
  initializingMs: Number(values['initializing-ms']),
  stepDelayMs: Number(values['step-delay-ms']),
});
console.log(`fake agent-server listening on ${server.baseUrl} (pid ${process.pid})`);

const shutDown = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', shutDown);
process.once('SIGINT', shutDown);
