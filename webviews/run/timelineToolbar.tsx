import { useEffect, useRef, useState } from 'preact/hooks';
import { EVENT_KINDS } from '../state/eventKinds.ts';
import type { TimelineState } from '../state/timelineState.ts';
import type { RunController } from './runController.ts';

const SEARCH_DEBOUNCE_MS = 150;

export interface TimelineToolbarProps {
  timeline: TimelineState;
  controller: RunController;
}

/** Filter chips by kind, a search box over the loaded events, and "go to event #". */
export function TimelineToolbar({ timeline, controller }: TimelineToolbarProps) {
  const [search, setSearch] = useState(timeline.search);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onSearch = (text: string) => {
    setSearch(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => controller.search(text), SEARCH_DEBOUNCE_MS);
  };
  const toggle = (id: string) => {
    const kinds = timeline.kinds.includes(id) ? timeline.kinds.filter((kind) => kind !== id) : [...timeline.kinds, id];
    controller.setKinds(kinds);
  };
  const onJump = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('seq') as HTMLInputElement;
    const seq = Number.parseInt(input.value.replace(/^#/, ''), 10);
    if (Number.isSafeInteger(seq) && seq > 0) controller.jumpTo(seq);
  };
  return (
    <div class="toolbar" role="toolbar" aria-label="Timeline filters">
      <div class="chips">
        <button class={`chip${timeline.kinds.length === 0 ? ' on' : ''}`} aria-pressed={timeline.kinds.length === 0} onClick={() => controller.setKinds([])}>All</button>
        {EVENT_KINDS.map((kind) => (
          <button key={kind.id} class={`chip${timeline.kinds.includes(kind.id) ? ' on' : ''}`} aria-pressed={timeline.kinds.includes(kind.id)} data-kind={kind.id} onClick={() => toggle(kind.id)}>{kind.label}</button>
        ))}
      </div>
      <input type="search" class="search" placeholder="Search loaded events" aria-label="Search loaded events" value={search} onInput={(event) => onSearch((event.currentTarget as HTMLInputElement).value)} />
      <form class="jump" onSubmit={onJump}>
        <input name="seq" inputMode="numeric" placeholder="#seq" aria-label="Go to event number" size={8} />
        <button class="secondary" type="submit">Go</button>
      </form>
    </div>
  );
}
