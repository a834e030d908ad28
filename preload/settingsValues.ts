// The settings' allowed values, without zod, so the renderer can use them without bundling the schemas.

export const DO_NOT_DISTURB = ['off', 'silence', 'decline'] as const;

/** An Electron accelerator: modifiers, then one key (letters, digits, F1–F24, a few named keys). */
export const ACCELERATOR =
  /^(?:(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+){1,4}(?:[A-Z0-9]|F(?:[1-9]|1\d|2[0-4])|Space|Enter|Insert|Home|End|PageUp|PageDown)$/;
