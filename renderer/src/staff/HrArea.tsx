// The HR area once unlocked: tabs for the dashboard and exports, the learning-record store, and
// trainees' data (bundles from other workstations, merging, personal data). Main checks the session.
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PeoplePanel } from './PeoplePanel';
import { useGuard, type Guard } from './useGuard';
import { DashboardPanel } from './DashboardPanel';
import { XapiPanel } from './XapiPanel';

export interface PanelProps {
  readonly session: string;
  /** Runs a call to main; an ended session goes back to the PIN, any other failure is shown in `setError`. */
  readonly guard: Guard;
}

type Tab = { readonly id: string; readonly label: string; readonly render: () => ReactNode };

export function HrArea(props: { session: string; onAuthError: (error: unknown) => boolean; onLeave: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { guard, error } = useGuard(props.onAuthError);
  const tabs: Tab[] = [
    { id: 'dashboard', label: t('hr.tabs.dashboard'), render: () => <DashboardPanel session={props.session} guard={guard} error={error} /> },
    { id: 'people', label: t('hr.tabs.people'), render: () => <PeoplePanel session={props.session} guard={guard} error={error} /> },
    { id: 'xapi', label: t('hr.tabs.xapi'), render: () => <XapiPanel session={props.session} guard={guard} error={error} /> },
  ];
  const [active, setActive] = useState(tabs[0]!.id);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab goes on into the panel.
  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const target = (next + tabs.length) % tabs.length;
    setActive(tabs[target]!.id);
    buttons.current[target]?.focus();
  };
  return (
    <main className="page hr" id="main" aria-labelledby={`${id}-h`}>
      <div className="hr-head">
        <h1 id={`${id}-h`}>{t('staff.role.hr')}</h1>
        <button type="button" onClick={props.onLeave}>{t('staff.lock')}</button>
      </div>
      <div role="tablist" aria-label={t('staff.role.hr')} className="tabs">
        {tabs.map((tab, i) => (
          <button
            key={tab.id} type="button" role="tab" id={`${id}-tab-${tab.id}`} aria-controls={`${id}-panel-${tab.id}`}
            aria-selected={active === tab.id} tabIndex={active === tab.id ? 0 : -1}
            ref={(el) => { buttons.current[i] = el; }} onClick={() => setActive(tab.id)} onKeyDown={(e) => onKey(e, i)}
          >{tab.label}</button>
        ))}
      </div>
      {tabs.filter((tab) => tab.id === active).map((tab) => (
        <section key={tab.id} role="tabpanel" id={`${id}-panel-${tab.id}`} aria-labelledby={`${id}-tab-${tab.id}`} tabIndex={0}>
          {tab.render()}
        </section>
      ))}
    </main>
  );
}
