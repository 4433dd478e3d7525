/** The harm category codes live in the shared kernel, so every context uses the one list. */
export { HARM_CATEGORIES, HARM_LABELS, OTHER_DUTY_HARMS, PRIORITY_ILLEGAL_HARMS, isHarmCategory, type HarmCategory } from '@app/core';
