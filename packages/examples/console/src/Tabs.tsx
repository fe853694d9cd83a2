import { useRef, type KeyboardEvent } from 'react';

export interface TabsProps {
  label: string;
  tabs: ReadonlyArray<{ id: string; label: string }>;
  value: string;
  onValueChange: (id: string) => void;
  panelId: string;
}

/** A WAI-ARIA tab list with roving focus (arrows, Home, End). */
export function Tabs({ label, tabs, value, onValueChange, panelId }: TabsProps) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const focus = (index: number) => {
    const next = (index + tabs.length) % tabs.length;
    refs.current[next]?.focus();
    onValueChange((tabs[next] as { id: string }).id);
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focus(target);
  };
  return (
    <div role="tablist" aria-label={label} className="console-tabs">
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          ref={(element) => {
            refs.current[index] = element;
          }}
          role="tab"
          type="button"
          aria-selected={tab.id === value}
          aria-controls={panelId}
          tabIndex={tab.id === value ? 0 : -1}
          onClick={() => onValueChange(tab.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
