import type { ReactNode } from 'react';

/**
 * The window's icons: 24-px line drawings (after Feather, MIT) in the text colour. Always beside a
 * text or inside a labelled button, so they are hidden from screen readers.
 */
const drawings = {
  phone: (
    <path d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72 12.84 12.84 0 0 0 .7 2.81 2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45 12.84 12.84 0 0 0 2.81.7A2 2 0 0 1 22 16.92z" />
  ),
  mic: (
    <>
      <path d="M12 1a3 3 0 0 0-3 3v8a3 3 0 0 0 6 0V4a3 3 0 0 0-3-3z" />
      <path d="M19 10v2a7 7 0 0 1-14 0v-2M12 19v4M8 23h8" />
    </>
  ),
  micOff: (
    <>
      <path d="M1 1l22 22M9 9v3a3 3 0 0 0 5.12 2.12M15 9.34V4a3 3 0 0 0-5.94-.6" />
      <path d="M17 16.95A7 7 0 0 1 5 12v-2m14 0v2a7 7 0 0 1-.11 1.23M12 19v4M8 23h8" />
    </>
  ),
  pause: <path d="M6 4h4v16H6zM14 4h4v16h-4z" />,
  play: <path d="M6 3l14 9-14 9V3z" />,
  keypad: (
    <g fill="currentColor" stroke="none">
      {[5, 12, 19].flatMap((cx) =>
        [4, 10, 16].map((cy) => <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r="1.8" />),
      )}
      <circle cx="12" cy="21.5" r="1.8" />
    </g>
  ),
  transfer: <path d="M15 14l5-5-5-5M4 20v-7a4 4 0 0 1 4-4h12" />,
  plus: <path d="M12 5v14M5 12h14" />,
  users: (
    <>
      <path d="M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2M23 21v-2a4 4 0 0 0-3-3.87M16 3.13a4 4 0 0 1 0 7.75" />
      <circle cx="9" cy="7" r="4" />
    </>
  ),
  split: <path d="M16 3h5v5M8 3H3v5M21 3l-7 7M3 3l7 7M12 22v-8" />,
  record: <circle cx="12" cy="12" r="6" fill="currentColor" />,
  history: (
    <>
      <circle cx="12" cy="12" r="10" />
      <path d="M12 6v6l4 2" />
    </>
  ),
  callback: <path d="M1 4v6h6M3.51 15a9 9 0 1 0 2.13-9.36L1 10" />,
  settings: <path d="M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3M1 14h6M9 8h6M17 16h6" />,
  backspace: <path d="M21 4H8l-7 8 7 8h13a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zM18 9l-6 6M12 9l6 6" />,
  incoming: <path d="M17 7L7 17M7 9v8h8" />,
  outgoing: <path d="M7 17L17 7M9 7h8v8" />,
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof drawings;

export function Icon({ name, className }: { name: IconName; className?: string | undefined }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {drawings[name]}
    </svg>
  );
}
