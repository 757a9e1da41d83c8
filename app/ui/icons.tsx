// The app's own icons, drawn as inline SVG in the text colour: emoji depend on an emoji font that
// many school machines (and Debian's Chromium without fonts-noto-color-emoji) do not have, and
// then render as boxes.
const common = { width: '1em', height: '1em', viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false, className: 'icon' } as const;

/** A light bulb (hints). */
export function HintIcon() {
  return (
    <svg {...common}>
      <path
        d="M8 1.5a4.5 4.5 0 0 0-2.6 8.2c.4.3.6.7.6 1.1V12h4v-1.2c0-.4.2-.8.6-1.1A4.5 4.5 0 0 0 8 1.5Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
      />
      <path d="M6 13.5h4M6.7 15h2.6" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}

/** An output box being cleared (Clear all outputs, where the header has no room for the words). */
export function ClearOutputsIcon() {
  return (
    <svg {...common}>
      <rect x="1.5" y="3" width="13" height="10" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M5.5 6 10.5 11M10.5 6 5.5 11" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}
