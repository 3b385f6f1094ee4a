import { render } from 'preact';
import type { FromRunViewMessage, RunRequest, ToRunViewMessage } from '../../host/protocol/runView.ts';
import { RunResultSchemas, ToRunViewMessageSchema } from '../../host/protocol/runView.ts';
import { RequestBroker } from '../shared/requestBroker.ts';
import { Throttle } from '../shared/throttle.ts';
import { VsCodeBridge } from '../shared/vscodeBridge.ts';
import { fromSavedState, toSavedState } from '../state/runPersistence.ts';
import { createRunReducer, initialRunState } from '../state/runState.ts';
import { animationFrameScheduler, Store } from '../state/store.ts';
import { RunApp } from './runApp.tsx';
import { RunController } from './runController.ts';
import { focusApproval } from './approvalFocus.ts';

const SAVE_INTERVAL_MS = 250;

const bridge = new VsCodeBridge<ToRunViewMessage, FromRunViewMessage>(ToRunViewMessageSchema);
const store = new Store(createRunReducer(), fromSavedState(bridge.getState()) ?? initialRunState(), animationFrameScheduler);
const broker = new RequestBroker<RunRequest, typeof RunResultSchemas>({ post: (message) => bridge.post(message), results: RunResultSchemas });
const controller = new RunController(store, broker);

// The saved state is what comes back after a reload (here and in the panel serializer).
const saver = new Throttle(() => { const saved = toSavedState(store.getState()); if (saved) bridge.setState(saved); }, SAVE_INTERVAL_MS);
store.subscribe(() => saver.schedule());

type Handlers = { [T in ToRunViewMessage['type']]: (message: Extract<ToRunViewMessage, { type: T }>) => void };
const handlers: Handlers = {
  init: (message) => { void controller.init(message.target); },
  response: (message) => { broker.settle(message); },
  events: (message) => controller.onLive(message.events),
  stream: (message) => controller.onStream(message.status, message.message),
  focus: (message) => focusApproval(document.getElementById('root')!, message.approval_id),
};

bridge.listen((message) => (handlers[message.type] as (message: ToRunViewMessage) => void)(message));
bridge.post({ type: 'ready' });
// The first render runs as a task of its own, so loading the bundle and rendering never block together.
setTimeout(() => render(<RunApp store={store} controller={controller} />, document.getElementById('root')!), 0);
