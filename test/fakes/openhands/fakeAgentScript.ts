/** One scripted agent step of the fake agent-server; a user message appends the steps its script returns. */
export type FakeStep =
  /** An agent MessageEvent; the run finishes. */
  | { type: 'message'; text: string }
  /** A TerminalAction and its TerminalObservation (confirmation asked first in confirmation mode). */
  | { type: 'command'; command: string; output?: string; exitCode?: number }
  /** A FileEditorAction (create) and its FileEditorObservation (confirmation asked first in confirmation mode). */
  | { type: 'file_edit'; path: string; text: string }
  /** The finish tool (never asks for confirmation, A11); the run finishes. */
  | { type: 'finish'; message: string }
  /** Adds token usage and publishes a `stats` state update. */
  | { type: 'stats'; promptTokens: number; completionTokens: number }
  /** Status `error`, then a ConversationErrorEvent (the SDK's order); the run ends. */
  | { type: 'error'; code: string; detail: string }
  /** Status `stuck`; the run ends. */
  | { type: 'stuck' }
  /** The agent stops sending anything while the status stays `running`. */
  | { type: 'hang' }
  /** A frame the script chooses: a string is sent as is (e.g. broken JSON); an object is an event, stored when `persist`. */
  | { type: 'raw'; frame: string | Record<string, unknown>; persist?: boolean };

/** Decides the steps for one user message. */
export type FakeAgentScript = (message: string) => FakeStep[];

/** Runs one command, then answers: the default behaviour of the standalone fake. */
export const echoScript: FakeAgentScript = (message) => [
  { type: 'command', command: 'echo hello', output: 'hello\n', exitCode: 0 },
  { type: 'stats', promptTokens: 120, completionTokens: 30 },
  { type: 'message', text: `Done: ${message}` },
];
