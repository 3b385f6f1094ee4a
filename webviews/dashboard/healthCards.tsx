import type { DashboardFolder, HealthCard } from '../../host/protocol/dashboardView.ts';

const TITLES: Record<keyof DashboardFolder['health'], string> = { host: 'Host', gateway: 'Gateway', harness: 'Harness', tracker: 'Tracker sync' };

function Card({ name, card }: { name: keyof DashboardFolder['health']; card: HealthCard }) {
  return (
    <div class="health-card" data-health={name} data-level={card.level} title={card.details.join('\n')}>
      <h4><span class={`dot ${card.level}`} aria-hidden="true" />{TITLES[name]}<span class="sr-only">: {card.level}</span></h4>
      <p>{card.summary}</p>
      {card.details.slice(0, 3).map((detail) => <p class="muted" key={detail}>{detail}</p>)}
    </div>
  );
}

/** Host, gateway, harness and tracker health, one card each. */
export function HealthCards({ health }: { health: DashboardFolder['health'] }) {
  return (
    <div class="health" aria-label="Health">
      {(Object.keys(TITLES) as (keyof DashboardFolder['health'])[]).map((name) => <Card key={name} name={name} card={health[name]} />)}
    </div>
  );
}
