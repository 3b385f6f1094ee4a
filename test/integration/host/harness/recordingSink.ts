import type {
  ApprovalReply, ApprovalRequest, ApprovalVerdict, HarnessEvent, HarnessSink, UserInputReply, UserInputRequest,
} from '../../../../host/harness/harnessAdapter.ts';

/** What a test's approver answers: a bare verdict (approve once / deny without feedback) or a whole reply. */
export type ScriptedAnswer = ApprovalVerdict | ApprovalReply;

/** A HarnessSink that records everything (with arrival times) and answers approvals with a scripted answer. */
export interface RecordingSink extends HarnessSink {
  readonly events: HarnessEvent[];
  /** `performance.now()` when each event arrived, index for index. */
  readonly eventTimes: number[];
  readonly approvals: ApprovalRequest[];
  /** `performance.now()` when each approval request reached the sink. */
  readonly approvalTimes: number[];
  /** The questions that reached the sink, and when (`performance.now()`). */
  readonly questions: UserInputRequest[];
  readonly questionTimes: number[];
  /** Raw payloads kept, by the id `raw` returned. */
  readonly raws: Map<string, { source: string; body: string }>;
  /** Everything written to the terminal, concatenated. */
  terminalText(): string;
  eventsOfType(type: string): HarnessEvent[];
}

/** A bare verdict as the reply the port carries. */
export function toReply(answer: ScriptedAnswer): ApprovalReply {
  return typeof answer === 'string' ? { verdict: answer, scope: 'once', feedback: null } : answer;
}

/** What a test's person does with questions (default: declines to answer). */
export type QuestionAnswerer = (request: UserInputRequest) => UserInputReply | Promise<UserInputReply>;

/** `decide` may return an answer or a promise (e.g. one that rejects, as a cancelled run does). */
export function createRecordingSink(
  decide: (request: ApprovalRequest) => ScriptedAnswer | Promise<ScriptedAnswer> = () => 'approve',
  answerQuestions: QuestionAnswerer = () => ({ outcome: 'declined' }),
): RecordingSink {
  const events: HarnessEvent[] = [];
  const questions: UserInputRequest[] = [];
  const questionTimes: number[] = [];
  const eventTimes: number[] = [];
  const approvals: ApprovalRequest[] = [];
  const approvalTimes: number[] = [];
  const raws = new Map<string, { source: string; body: string }>();
  const output: string[] = [];
  return {
    events,
    eventTimes,
    approvals,
    approvalTimes,
    questions,
    questionTimes,
    raws,
    event: (event) => { events.push(event); eventTimes.push(performance.now()); },
    output: (text) => { output.push(text); },
    requestApproval: async (request) => {
      approvals.push(request);
      approvalTimes.push(performance.now());
      return toReply(await decide(request));
    },
    requestUserInput: async (request) => {
      questions.push(request);
      questionTimes.push(performance.now());
      return answerQuestions(request);
    },
    raw: (source, body) => {
      const id = `raw-${raws.size + 1}`;
      raws.set(id, { source, body });
      return id;
    },
    terminalText: () => output.join(''),
    eventsOfType: (type) => events.filter((event) => event.type === type),
  };
}
