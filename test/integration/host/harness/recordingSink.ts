import type { ApprovalRequest, ApprovalVerdict, HarnessEvent, HarnessSink } from '../../../../host/harness/harnessAdapter.ts';

/** A HarnessSink that records everything and answers approvals with a scripted verdict. */
export interface RecordingSink extends HarnessSink {
  readonly events: HarnessEvent[];
  readonly approvals: ApprovalRequest[];
  /** Everything written to the terminal, concatenated. */
  terminalText(): string;
  eventsOfType(type: string): HarnessEvent[];
}

/** `decide` may return a verdict or a promise (e.g. one that rejects, as a cancelled run does). */
export function createRecordingSink(decide: (request: ApprovalRequest) => ApprovalVerdict | Promise<ApprovalVerdict> = () => 'approve'): RecordingSink {
  const events: HarnessEvent[] = [];
  const approvals: ApprovalRequest[] = [];
  const output: string[] = [];
  return {
    events,
    approvals,
    event: (event) => { events.push(event); },
    output: (text) => { output.push(text); },
    requestApproval: async (request) => {
      approvals.push(request);
      return decide(request);
    },
    terminalText: () => output.join(''),
    eventsOfType: (type) => events.filter((event) => event.type === type),
  };
}
