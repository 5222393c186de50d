/** The reader's settings in browser.storage.local (see src/shared/settings.ts for their shape). */
import { parseSettings, SETTINGS_KEY, type Settings } from '../shared/settings';
import { browser } from './browser';

export async function loadSettings(): Promise<Settings> {
  try {
    const stored = await browser.storage.local.get(SETTINGS_KEY);
    return parseSettings(stored[SETTINGS_KEY]);
  } catch {
    return parseSettings(undefined);
  }
}

/** Changes some settings and answers all of them as stored. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls `listener` whenever the settings change (in any of the extension's contexts). */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const wrapped = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) listener(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(wrapped);
  return () => browser.storage.onChanged.removeListener(wrapped);
}

/** Opens the browser's keyboard shortcut settings for extensions. */
export async function openShortcutSettings(): Promise<void> {
  const commands = browser.commands as typeof browser.commands & {
    openShortcutSettings?: () => Promise<void>;
  };
  // Firefox 137+ opens its own page (about:addons, "Manage Extension Shortcuts").
  if (typeof commands.openShortcutSettings === 'function') return commands.openShortcutSettings();
  await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}

/** Opens the options page (in a tab of its own). */
export async function openOptionsPage(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
