import type { StampIconName } from "./wallet-input";

/**
 * The built-in stamp icons: SVG fragments drawn in a 24×24 box with `currentColor`,
 * so one fragment serves every colour scheme.
 */
export const STAMP_ICONS: Readonly<Record<StampIconName, string>> = {
  coffee:
    '<path d="M4 9h12v6a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5z" fill="currentColor"/>' +
    '<path d="M16 11h1.5a2.5 2.5 0 0 1 0 5H16" fill="none" stroke="currentColor" stroke-width="1.8"/>' +
    '<path d="M8 2.5c-1 1.2 1 2.2 0 3.8M12 2.5c-1 1.2 1 2.2 0 3.8" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>',
  star: '<path d="M12 2.8L14.47 9.4L21.51 9.71L15.99 14.1L17.88 20.89L12 17L6.12 20.89L8.01 14.1L2.49 9.71L9.53 9.4Z" fill="currentColor"/>',
  heart:
    '<path d="M12 21C12 21 3 15 3 8.5C3 5.5 5.5 3 8.5 3C10.2 3 11.3 4 12 5C12.7 4 13.8 3 15.5 3C18.5 3 21 5.5 21 8.5C21 15 12 21 12 21Z" fill="currentColor"/>',
  scissors:
    '<g fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">' +
    '<circle cx="6" cy="6" r="3"/><circle cx="6" cy="18" r="3"/>' +
    '<path d="M8.5 7.8L20 19M8.5 16.2L20 5"/></g>',
  paw:
    '<g fill="currentColor">' +
    '<ellipse cx="12" cy="16" rx="5" ry="4.2"/>' +
    '<ellipse cx="5.5" cy="10.5" rx="2" ry="2.6" transform="rotate(-20 5.5 10.5)"/>' +
    '<ellipse cx="9.5" cy="6.5" rx="2" ry="2.7"/><ellipse cx="14.5" cy="6.5" rx="2" ry="2.7"/>' +
    '<ellipse cx="18.5" cy="10.5" rx="2" ry="2.6" transform="rotate(20 18.5 10.5)"/></g>',
  drop: '<path d="M12 2.5C12 2.5 5 10.2 5 15a7 7 0 0 0 14 0C19 10.2 12 2.5 12 2.5Z" fill="currentColor"/>',
};
