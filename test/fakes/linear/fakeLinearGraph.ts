// The in-memory Linear workspace behind the fake server. Tests seed it with the builder methods
// (addProject, addIssue, addBlocks, …) and change it between polls (update, archive, trash).

export interface FakeTeam { id: string; key: string; name: string; nextNumber: number }
export interface FakeState { id: string; teamId: string; name: string; type: string; position: number }
export interface FakeLabel { id: string; name: string }
export interface FakeProject { id: string; name: string; slugId: string; statusName: string; statusType: string; createdAt: string }
export interface FakeMilestone { id: string; projectId: string; name: string; targetDate: string | null; sortOrder: number; createdAt: string }
export interface FakeRelation { id: string; type: string; issueId: string; relatedIssueId: string; createdAt: string }
export interface FakeComment { id: string; issueId: string; body: string; createdAt: string }
export interface FakeIssue {
  id: string;
  identifier: string;
  number: number;
  teamId: string;
  title: string;
  description: string | null;
  /** Linear's Float: 0 none, 1 urgent … 4 low. */
  priority: number;
  stateId: string;
  projectId: string | null;
  milestoneId: string | null;
  parentId: string | null;
  labelIds: string[];
  /** The assignee's display name; null when unassigned. */
  assigneeName: string | null;
  branchName: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  trashed: boolean;
}

/** What a test says about an issue; everything has a sensible default. */
export interface FakeIssueSeed {
  title?: string;
  description?: string | null;
  state?: string;
  priority?: number;
  labels?: string[];
  assignee?: string | null;
  project?: FakeProject | null;
  milestone?: FakeMilestone | null;
  parent?: FakeIssue | null;
  team?: FakeTeam;
}

/** Changes to an issue; each bumps its `updatedAt` like a real edit. */
export type FakeIssueChanges = Omit<FakeIssueSeed, 'team'>;

const DEFAULT_STATES: readonly [string, string][] = [
  ['Backlog', 'backlog'], ['Todo', 'unstarted'], ['In Progress', 'started'], ['Human Review', 'started'],
  ['Done', 'completed'], ['Canceled', 'canceled'], ['Duplicate', 'duplicate'],
];
const KIND_CODES = { team: 1, state: 2, label: 3, project: 4, milestone: 5, issue: 6, relation: 7, comment: 8 } as const;

/** A seeded Linear workspace. Timestamps come from `now` and strictly increase. */
export class FakeLinearGraph {
  readonly teams = new Map<string, FakeTeam>();
  readonly states = new Map<string, FakeState>();
  readonly labels = new Map<string, FakeLabel>();
  readonly projects = new Map<string, FakeProject>();
  readonly milestones = new Map<string, FakeMilestone>();
  readonly issues = new Map<string, FakeIssue>();
  readonly relations = new Map<string, FakeRelation>();
  readonly comments = new Map<string, FakeComment>();
  private readonly now: () => number;
  private lastStamp = 0;
  private readonly counters = new Map<string, number>();

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** A team with Linear's usual workflow states (Backlog … Duplicate, plus Human Review). */
  addTeam(key = 'ENG', stateNames: readonly [string, string][] = DEFAULT_STATES): FakeTeam {
    const team: FakeTeam = { id: this.newId('team'), key, name: `${key} team`, nextNumber: 1 };
    this.teams.set(team.id, team);
    stateNames.forEach(([name, type], position) => {
      const state: FakeState = { id: this.newId('state'), teamId: team.id, name, type, position };
      this.states.set(state.id, state);
    });
    return team;
  }

  addProject(seed: { name?: string; slugId?: string; statusName?: string; statusType?: string } = {}): FakeProject {
    const id = this.newId('project');
    const project: FakeProject = {
      id, name: seed.name ?? `Project ${this.projects.size + 1}`, slugId: seed.slugId ?? id.slice(-12),
      statusName: seed.statusName ?? 'In Progress', statusType: seed.statusType ?? 'started', createdAt: this.stamp(),
    };
    this.projects.set(project.id, project);
    return project;
  }

  addMilestone(project: FakeProject, seed: { name?: string; targetDate?: string | null; sortOrder?: number } = {}): FakeMilestone {
    const count = [...this.milestones.values()].filter((milestone) => milestone.projectId === project.id).length;
    const milestone: FakeMilestone = {
      id: this.newId('milestone'), projectId: project.id, name: seed.name ?? `Milestone ${count + 1}`,
      targetDate: seed.targetDate ?? null, sortOrder: seed.sortOrder ?? count + 1, createdAt: this.stamp(),
    };
    this.milestones.set(milestone.id, milestone);
    return milestone;
  }

  addIssue(seed: FakeIssueSeed = {}): FakeIssue {
    const team = seed.team ?? this.defaultTeam();
    const number = team.nextNumber++;
    const stamp = this.stamp();
    const issue: FakeIssue = {
      id: this.newId('issue'), identifier: `${team.key}-${number}`, number, teamId: team.id,
      title: seed.title ?? `Issue ${team.key}-${number}`, description: seed.description ?? null, priority: seed.priority ?? 0,
      stateId: this.stateId(team, seed.state ?? 'Todo'), projectId: seed.project?.id ?? null, milestoneId: seed.milestone?.id ?? null,
      parentId: seed.parent?.id ?? null, labelIds: (seed.labels ?? []).map((name) => this.labelId(name)),
      assigneeName: seed.assignee ?? null, branchName: `${team.key.toLowerCase()}-${number}`, createdAt: stamp, updatedAt: stamp, archivedAt: null, trashed: false,
    };
    this.issues.set(issue.id, issue);
    return issue;
  }

  /** `count` issues; `seed` may depend on the index. */
  addIssues(count: number, seed: FakeIssueSeed | ((index: number) => FakeIssueSeed) = {}): FakeIssue[] {
    return Array.from({ length: count }, (_, index) => this.addIssue(typeof seed === 'function' ? seed(index) : seed));
  }

  /** `blocker` blocks `blocked` (a relation of type `blocks` from blocker to blocked). */
  addBlocks(blocker: FakeIssue, blocked: FakeIssue): FakeRelation {
    return this.addRelation('blocks', blocker, blocked);
  }

  addRelation(type: 'blocks' | 'duplicate' | 'related' | 'similar', from: FakeIssue, to: FakeIssue): FakeRelation {
    const relation: FakeRelation = { id: this.newId('relation'), type, issueId: from.id, relatedIssueId: to.id, createdAt: this.stamp() };
    this.relations.set(relation.id, relation);
    return relation;
  }

  /** A comment on an issue, as `commentCreate` stores it. */
  addComment(issue: FakeIssue, body: string): FakeComment {
    const comment: FakeComment = { id: this.newId('comment'), issueId: issue.id, body, createdAt: this.stamp() };
    this.comments.set(comment.id, comment);
    return comment;
  }

  /** Moves an issue to the state `stateId` (which must be one of its team's). */
  setStateId(issue: FakeIssue, stateId: string): void {
    const state = this.states.get(stateId);
    if (!state || state.teamId !== issue.teamId) throw new Error('Entity not found: WorkflowState');
    issue.stateId = stateId;
    issue.updatedAt = this.stamp();
  }

  /** An edit in Linear: applies `changes` and moves `updatedAt` forward. */
  update(issue: FakeIssue, changes: FakeIssueChanges): FakeIssue {
    const team = this.teams.get(issue.teamId)!;
    if (changes.title !== undefined) issue.title = changes.title;
    if (changes.description !== undefined) issue.description = changes.description;
    if (changes.state !== undefined) issue.stateId = this.stateId(team, changes.state);
    if (changes.priority !== undefined) issue.priority = changes.priority;
    if (changes.labels !== undefined) issue.labelIds = changes.labels.map((name) => this.labelId(name));
    if (changes.assignee !== undefined) issue.assigneeName = changes.assignee;
    if (changes.project !== undefined) issue.projectId = changes.project?.id ?? null;
    if (changes.milestone !== undefined) issue.milestoneId = changes.milestone?.id ?? null;
    if (changes.parent !== undefined) issue.parentId = changes.parent?.id ?? null;
    issue.updatedAt = this.stamp();
    return issue;
  }

  /** Archived: hidden from listings unless `includeArchived`. */
  archive(issue: FakeIssue): void {
    issue.archivedAt = this.stamp();
    issue.updatedAt = issue.archivedAt;
  }

  /** Deleted in the UI: Linear moves it to the trash (archived and `trashed`). */
  trash(issue: FakeIssue): void {
    issue.trashed = true;
    this.archive(issue);
  }

  /** Gone for good (or never visible to this key). */
  purge(issue: FakeIssue): void {
    this.issues.delete(issue.id);
  }

  stateName(issue: FakeIssue): string {
    return this.states.get(issue.stateId)!.name;
  }

  private defaultTeam(): FakeTeam {
    return this.teams.values().next().value ?? this.addTeam();
  }

  private stateId(team: FakeTeam, name: string): string {
    const state = [...this.states.values()].find((candidate) => candidate.teamId === team.id && candidate.name === name);
    if (!state) throw new Error(`fake Linear: team ${team.key} has no workflow state "${name}"`);
    return state.id;
  }

  private labelId(name: string): string {
    const existing = [...this.labels.values()].find((label) => label.name === name);
    if (existing) return existing.id;
    const label: FakeLabel = { id: this.newId('label'), name };
    this.labels.set(label.id, label);
    return label.id;
  }

  /** An ISO timestamp from `now`, at least 1 ms after the previous one. */
  private stamp(): string {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  /** A deterministic UUID-shaped id: the kind in the first group, a counter in the last. */
  private newId(kind: keyof typeof KIND_CODES): string {
    const next = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, next);
    return `${String(KIND_CODES[kind]).padStart(8, '0')}-0000-4000-8000-${String(next).padStart(12, '0')}`;
  }
}
