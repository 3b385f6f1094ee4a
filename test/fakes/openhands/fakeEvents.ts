import { randomUUID } from 'node:crypto';

// Event builders for the fake agent-server. Each returns the full `model_dump(mode="json")` shape
// of v1.14.0 (every field, defaults and nulls included, A10) so the events validate against the
// pinned OpenAPI `Event` schema.

export type FakeEvent = Record<string, unknown> & { kind: string; id: string; timestamp: string; source: string };

/** Naive server-local ISO timestamps with microseconds, strictly increasing (A7: sorted as strings). */
export class NaiveTimestamps {
  private lastMicros = 0;

  next(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return formatNaive(micros);
  }
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` in local time, like Python's `datetime.now().isoformat()`. */
export function formatNaive(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const fraction = pad(Math.floor(micros % 1_000_000), 6);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${fraction}`;
}

/** Builds events with fresh ids and increasing timestamps. */
export class FakeEventFactory {
  private readonly clock = new NaiveTimestamps();

  private base(kind: string, source: string): FakeEvent {
    return { id: randomUUID(), timestamp: this.clock.next(), source, kind };
  }

  message(source: 'user' | 'agent' | 'environment', text: string): FakeEvent {
    return {
      ...this.base('MessageEvent', source),
      llm_message: {
        role: source === 'agent' ? 'assistant' : 'user', content: [text_(text)], tool_calls: null, tool_call_id: null, name: null,
        reasoning_content: null, thinking_blocks: [], responses_reasoning_item: null,
      },
      llm_response_id: source === 'agent' ? `resp_${randomUUID()}` : null, activated_skills: [], extended_content: [], sender: null, critic_result: null,
    };
  }

  systemPrompt(): FakeEvent {
    return { ...this.base('SystemPromptEvent', 'agent'), system_prompt: text_('You are a fake OpenHands agent.'), tools: [], dynamic_context: null };
  }

  action(toolName: string, action: Record<string, unknown>, thought: string): FakeEvent {
    const callId = `call_${randomUUID().slice(0, 8)}`;
    return {
      ...this.base('ActionEvent', 'agent'),
      thought: thought ? [text_(thought)] : [], reasoning_content: null, thinking_blocks: [], responses_reasoning_item: null, action,
      tool_name: toolName, tool_call_id: callId, tool_call: { id: callId, name: toolName, arguments: JSON.stringify(action), origin: 'completion' },
      llm_response_id: `resp_${randomUUID()}`, security_risk: 'UNKNOWN', critic_result: null, summary: null,
    };
  }

  observation(actionEvent: FakeEvent, observation: Record<string, unknown>): FakeEvent {
    return {
      ...this.base('ObservationEvent', 'environment'),
      tool_name: actionEvent.tool_name, tool_call_id: actionEvent.tool_call_id, observation, action_id: actionEvent.id,
    };
  }

  userReject(actionEvent: FakeEvent, reason: string): FakeEvent {
    return {
      ...this.base('UserRejectObservation', 'environment'),
      tool_name: actionEvent.tool_name, tool_call_id: actionEvent.tool_call_id, rejection_reason: reason, rejection_source: 'user', action_id: actionEvent.id,
    };
  }

  stateUpdate(key: string, value: unknown): FakeEvent {
    return { ...this.base('ConversationStateUpdateEvent', 'environment'), key, value };
  }

  conversationError(code: string, detail: string): FakeEvent {
    return { ...this.base('ConversationErrorEvent', 'environment'), code, detail };
  }

  pause(): FakeEvent {
    return this.base('PauseEvent', 'user');
  }

  /** Any kind, for unknown-kind tests; not an OpenAPI event. */
  custom(kind: string, fields: Record<string, unknown>): FakeEvent {
    return { ...this.base(kind, 'environment'), ...fields };
  }
}

export function terminalAction(command: string): Record<string, unknown> {
  return { command, is_input: false, timeout: null, reset: false, kind: 'TerminalAction' };
}

export function terminalObservation(command: string, output: string, exitCode: number): Record<string, unknown> {
  return {
    content: [text_(output)], is_error: false, command, exit_code: exitCode, timeout: false,
    metadata: { exit_code: exitCode, pid: -1, username: 'openhands', hostname: 'fake', working_dir: null, py_interpreter_path: null, prefix: '', suffix: '' },
    full_output_save_dir: null, kind: 'TerminalObservation',
  };
}

export function fileEditorAction(path: string, fileText: string): Record<string, unknown> {
  return { command: 'create', path, file_text: fileText, old_str: null, new_str: null, insert_line: null, view_range: null, kind: 'FileEditorAction' };
}

export function fileEditorObservation(path: string, newContent: string): Record<string, unknown> {
  return {
    content: [text_(`File created successfully at: ${path}`)], is_error: false, command: 'create', path, prev_exist: false,
    old_content: null, new_content: newContent, kind: 'FileEditorObservation',
  };
}

export function finishAction(message: string): Record<string, unknown> {
  return { message, kind: 'FinishAction' };
}

export function finishObservation(message: string): Record<string, unknown> {
  return { content: [text_(message)], is_error: false, kind: 'FinishObservation' };
}

function text_(text: string): Record<string, unknown> {
  return { cache_prompt: false, type: 'text', text };
}
