import type { FakeAgentScript, FakeStep } from './fakeAgentScript.ts';
import {
  fileEditorAction, fileEditorObservation, finishAction, finishObservation, terminalAction, terminalObservation,
} from './fakeEvents.ts';
import type { FakeEvent, FakeEventFactory } from './fakeEvents.ts';

/** Where published frames go; the server wraps each WebSocket (and its faults) in one. */
export interface FakeSubscriber {
  /** `conforming` is false for frames a script sends on purpose outside the OpenAPI (unknown kinds, broken JSON). */
  send(frame: string, conforming: boolean): void;
}

export interface FakeConversationOptions {
  id: string;
  /** The StartConversationRequest body, already validated. */
  request: Record<string, unknown>;
  script: FakeAgentScript;
  stepDelayMs: number;
  events: FakeEventFactory;
}

type StepResult = 'continue' | 'end' | 'wait' | 'hang';

const MASKED = '**********';

/**
 * One conversation of the fake: an append-only event log plus state, with the v1.14.0 status
 * transitions (A11) and the split between stored events and unstored full_state snapshots (A10).
 */
export class FakeConversation {
  readonly id: string;
  readonly events: FakeEvent[] = [];
  /** Ids of events a script published outside the OpenAPI on purpose; response checks skip them. */
  readonly nonconformingIds = new Set<string>();
  status = 'idle';
  confirmationPolicy: Record<string, unknown>;
  private readonly options: FakeConversationOptions;
  private readonly createdAt = new Date().toISOString();
  private readonly subscribers = new Set<FakeSubscriber>();
  private steps: FakeStep[] = [];
  private running = false;
  private hung = false;
  private pauseRequested = false;
  private awaiting: { action: FakeEvent; step: FakeStep } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private initialized = false;
  private lastUserMessageId: string | null = null;
  private readonly usage = { prompt: 0, completion: 0 };

  constructor(options: FakeConversationOptions) {
    this.options = options;
    this.id = options.id;
    this.confirmationPolicy = { kind: 'NeverConfirm', ...(options.request.confirmation_policy as Record<string, unknown> | undefined) };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** `ConversationInfo` (A6): the state dump plus metadata, secrets masked. */
  info(): Record<string, unknown> {
    const request = this.options.request;
    const agent = request.agent as Record<string, unknown>;
    const llm = agent.llm as Record<string, unknown>;
    return {
      id: this.id,
      agent: { ...agent, kind: 'Agent', llm: { ...llm, api_key: llm.api_key ? MASKED : null } },
      workspace: { kind: 'LocalWorkspace', ...(request.workspace as Record<string, unknown>) },
      persistence_dir: `workspace/conversations/${this.id.replaceAll('-', '')}`,
      max_iterations: request.max_iterations ?? 500,
      stuck_detection: request.stuck_detection ?? true,
      execution_status: this.status,
      confirmation_policy: this.confirmationPolicy,
      security_analyzer: null,
      activated_knowledge_skills: [],
      blocked_actions: {},
      blocked_messages: {},
      last_user_message_id: this.lastUserMessageId,
      stats: this.stats(),
      secret_registry: { secret_sources: {} },
      agent_state: {},
      hook_config: null,
      title: null,
      metrics: null,
      created_at: this.createdAt,
      updated_at: new Date().toISOString(),
    };
  }

  /** Subscribes a socket; returns the unsubscribe function. */
  subscribe(subscriber: FakeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** The WS-subscribe snapshot and post-run publish: a full_state update that is NOT stored (A8, A10). */
  fullState(): FakeEvent {
    return this.options.events.stateUpdate('full_state', withoutNulls(this.info()));
  }

  publish(event: FakeEvent, persist = true, conforming = true): void {
    if (persist) this.events.push(event);
    if (!conforming) this.nonconformingIds.add(event.id);
    const frame = JSON.stringify(event);
    for (const subscriber of [...this.subscribers]) subscriber.send(frame, conforming);
  }

  sendMessage(text: string, run: boolean): void {
    if (!this.initialized) {
      this.initialized = true;
      this.publish(this.options.events.systemPrompt());
    }
    if (this.status === 'finished' || this.status === 'stuck') this.setStatus('idle');
    const message = this.options.events.message('user', text);
    this.lastUserMessageId = message.id;
    this.publish(message);
    this.steps.push(...this.options.script(text));
    if (run) this.run();
  }

  /** `POST /run`: from idle/paused/error/waiting → running; false when already running (409). */
  run(): boolean {
    if (this.running) return false;
    this.running = true;
    this.pauseRequested = false;
    this.setStatus('running');
    this.schedule();
    return true;
  }

  /** Only from idle/running; takes effect between steps (A5). */
  pause(): void {
    if (this.status !== 'idle' && this.status !== 'running') return;
    this.setStatus('paused');
    this.publish(this.options.events.pause());
    if (this.running) this.pauseRequested = true;
    if (this.hung) this.stop();
  }

  /** Accept = run (409 swallowed); reject = `UserRejectObservation` per pending action, status idle, no re-run (A11). */
  respondToConfirmation(accept: boolean, reason: string): void {
    if (accept) {
      this.run();
      return;
    }
    if (this.status === 'waiting_for_confirmation') this.setStatus('idle');
    if (this.awaiting) this.publish(this.options.events.userReject(this.awaiting.action, reason));
    this.awaiting = null;
  }

  setConfirmationPolicy(policy: Record<string, unknown>): void {
    this.confirmationPolicy = policy;
    this.publish(this.options.events.stateUpdate('confirmation_policy', policy));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscribers.clear();
    this.running = false;
  }

  private setStatus(status: string): void {
    this.status = status;
    this.publish(this.options.events.stateUpdate('execution_status', status));
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), this.options.stepDelayMs);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.pauseRequested) return this.stop();
    if (this.awaiting) {
      const { action, step } = this.awaiting;
      this.awaiting = null;
      this.observe(step, action);
      return this.schedule();
    }
    const step = this.steps.shift();
    const result = step ? this.perform(step) : this.finishWith(() => undefined);
    if (result === 'continue') this.schedule();
    else if (result === 'hang') this.hung = true;
    else this.stop();
  }

  private perform(step: FakeStep): StepResult {
    return (this.stepHandlers[step.type] as (step: FakeStep) => StepResult)(step);
  }

  private readonly stepHandlers: { [K in FakeStep['type']]: (step: Extract<FakeStep, { type: K }>) => StepResult } = {
    message: (step) => this.finishWith(() => this.publish(this.options.events.message('agent', step.text))),
    finish: (step) => this.finishWith(() => {
      const action = this.options.events.action('finish', finishAction(step.message), '');
      this.publish(action);
      this.publish(this.options.events.observation(action, finishObservation(step.message)));
    }),
    command: (step) => this.act(step, this.options.events.action('terminal', terminalAction(step.command), `Running ${step.command}`)),
    file_edit: (step) => this.act(step, this.options.events.action('file_editor', fileEditorAction(step.path, step.text), `Writing ${step.path}`)),
    stats: (step) => {
      this.usage.prompt += step.promptTokens;
      this.usage.completion += step.completionTokens;
      this.publish(this.options.events.stateUpdate('stats', this.stats()));
      return 'continue';
    },
    error: (step) => {
      this.setStatus('error');
      this.publish(this.options.events.conversationError(step.code, step.detail));
      return 'end';
    },
    stuck: () => {
      this.setStatus('stuck');
      return 'end';
    },
    hang: () => 'hang',
    raw: (step) => {
      if (typeof step.frame === 'string') for (const subscriber of [...this.subscribers]) subscriber.send(step.frame, false);
      else this.publish(step.frame as FakeEvent, step.persist ?? false, false);
      return 'continue';
    },
  };

  private act(step: FakeStep, action: FakeEvent): StepResult {
    this.publish(action);
    if (this.confirmationPolicy.kind !== 'NeverConfirm') {
      this.awaiting = { action, step };
      this.setStatus('waiting_for_confirmation');
      return 'wait';
    }
    this.observe(step, action);
    return 'continue';
  }

  private observe(step: FakeStep, action: FakeEvent): void {
    const events = this.options.events;
    if (step.type === 'command') this.publish(events.observation(action, terminalObservation(step.command, step.output ?? '', step.exitCode ?? 0)));
    if (step.type === 'file_edit') this.publish(events.observation(action, fileEditorObservation(step.path, step.text)));
  }

  private finishWith(emit: () => void): StepResult {
    emit();
    this.setStatus('finished');
    return 'end';
  }

  /** The run loop exits: the post-run full_state publish, not stored (A10). */
  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = false;
    this.hung = false;
    this.pauseRequested = false;
    this.publish(this.fullState(), false);
  }

  private stats(): Record<string, unknown> {
    const tokenUsage = {
      model: 'fake-model', prompt_tokens: this.usage.prompt, completion_tokens: this.usage.completion, cache_read_tokens: 0, cache_write_tokens: 0,
      reasoning_tokens: 0, context_window: 128_000, per_turn_token: 0, response_id: '',
    };
    const metrics = {
      model_name: 'fake-model', accumulated_cost: 0, max_budget_per_task: null, accumulated_token_usage: tokenUsage,
      costs: [], response_latencies: [], token_usages: [],
    };
    return { usage_to_metrics: { opensymphony: metrics } };
  }
}

/** `model_dump(exclude_none=True)`: null fields dropped at every level. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null).map(([key, field]) => [key, withoutNulls(field)]));
}
