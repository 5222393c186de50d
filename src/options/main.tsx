/**
 * The options page: default highlight colour, whether initiative points carry labels, the sites
 * where the extension never runs, and the way to the browser's keyboard shortcut settings.
 * Every change is stored at once (browser.storage.local, through the platform seam).
 */
import '../ui/theme.css';
import './options.css';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../platform/i18n';
import { loadSettings, onSettingsChanged, openShortcutSettings, saveSettings } from '../platform/settings';
import { HIGHLIGHT_COLOURS } from '../shared/annotation';
import { siteName, withSite, type Settings } from '../shared/settings';
import { colourName } from '../ui/colour-name';
import { COLOUR_STYLES } from '../ui/colours';
import { mountPage } from '../ui/mount';

function App(): JSX.Element {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [site, setSite] = useState('');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void loadSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);

  const update = async (patch: Partial<Settings>) => {
    try {
      setSettings(await saveSettings(patch));
      setStatus({ text: t('options_saved'), error: false });
    } catch (error) {
      setStatus({ text: t('options_not_saved', String(error)), error: true });
    }
  };

  if (!settings) return <main class="options" aria-busy="true" />;

  const addSite = (e: Event) => {
    e.preventDefault();
    const name = siteName(site);
    if (!name) {
      setStatus({ text: t('options_site_invalid', site.trim()), error: true });
      return;
    }
    setSite('');
    void update({ blockedSites: withSite(settings.blockedSites, name, true) });
  };

  return (
    <main class="options">
      <h1>{t('options_heading')}</h1>

      <section aria-labelledby="colour-heading">
        <h2 id="colour-heading">{t('options_colour')}</h2>
        <p class="muted" id="colour-hint">
          {t('options_colour_hint')}
        </p>
        <div
          class="colours"
          role="radiogroup"
          aria-labelledby="colour-heading"
          aria-describedby="colour-hint"
        >
          {HIGHLIGHT_COLOURS.map((c) => (
            <label class="colour">
              <input
                type="radio"
                name="colour"
                value={c}
                checked={settings.defaultColour === c}
                onChange={() => void update({ defaultColour: c })}
              />
              <span class="swatch" style={{ background: COLOUR_STYLES[c].swatch }} aria-hidden="true" />
              {colourName(c)}
            </label>
          ))}
        </div>
      </section>

      <section aria-labelledby="labels-heading">
        <h2 id="labels-heading">{t('options_labels_heading')}</h2>
        <label class="check">
          <input
            type="checkbox"
            checked={settings.showLabels}
            onChange={(e) => void update({ showLabels: (e.currentTarget as HTMLInputElement).checked })}
          />
          {t('options_show_labels')}
        </label>
      </section>

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">{t('options_sites')}</h2>
        <p class="muted">{t('options_sites_hint')}</p>
        {settings.blockedSites.length === 0 ? (
          <p>{t('options_no_sites')}</p>
        ) : (
          <ul class="sites" aria-labelledby="sites-heading">
            {settings.blockedSites.map((s) => (
              <li>
                <span>{s}</span>
                <button
                  type="button"
                  aria-label={t('options_remove_site', s)}
                  onClick={() => void update({ blockedSites: withSite(settings.blockedSites, s, false) })}
                >
                  {t('options_remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="row" onSubmit={addSite}>
          <label for="site">{t('options_site_label')}</label>
          <input
            id="site"
            value={site}
            placeholder={t('options_site_placeholder')}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setSite((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" disabled={!site.trim()}>
            {t('options_add_site')}
          </button>
        </form>
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t('options_shortcuts')}</h2>
        <p>{t('options_shortcuts_hint')}</p>
        <button type="button" onClick={() => void openShortcutSettings()}>
          {t('options_open_shortcuts')}
        </button>
      </section>

      <p role={status?.error ? 'alert' : 'status'} class={status?.error ? 'error' : 'done'}>
        {status?.text}
      </p>
    </main>
  );
}

mountPage(<App />, 'options_title');
