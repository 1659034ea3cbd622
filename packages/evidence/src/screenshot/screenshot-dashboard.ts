import { access, constants, mkdir, rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

export type ScreenshotResult =
  | { readonly kind: 'written'; readonly path: string; readonly browser: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface ScreenshotOptions {
  /** The browser to use; undefined → `chromium` (or chromium-browser, google-chrome) on PATH. */
  readonly executablePath?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The first of the usual Chromium names on PATH (what `command -v chromium` answers), or null. */
export async function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string | null> {
  for (const name of BROWSERS) {
    for (const dir of (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '')) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

interface PlaywrightLike {
  readonly chromium: {
    launch(options: { executablePath: string; args: string[]; timeout: number }): Promise<{
      newPage(options: { viewport: { width: number; height: number } }): Promise<{
        goto(url: string, options: { timeout: number }): Promise<unknown>;
        screenshot(options: { path: string; fullPage: boolean; type: 'png' }): Promise<unknown>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

// A computed specifier: bundlers leave it alone, so the actions' bundle stays small and an
// environment without playwright-core skips the screenshot instead of failing to load.
const PLAYWRIGHT = ['playwright', 'core'].join('-');

/**
 * `screenshots/dashboard.png` of the self-contained dashboard, with headless Chromium through
 * playwright-core. No browser (or no playwright-core) → skipped with the reason, never a failure.
 * Written to a temp name and renamed, like every bundle file.
 */
export async function screenshotDashboard(
  htmlPath: string,
  pngPath: string,
  options: ScreenshotOptions = {},
): Promise<ScreenshotResult> {
  const browser = options.executablePath ?? (await findChromium(options.env));
  if (!browser)
    return { kind: 'skipped', reason: 'no Chromium on PATH (install chromium to get screenshots/dashboard.png)' };
  let playwright: PlaywrightLike;
  try {
    playwright = (await import(PLAYWRIGHT)) as PlaywrightLike;
  } catch {
    return { kind: 'skipped', reason: 'playwright-core is not installed here' };
  }
  const timeout = options.timeoutMs ?? 20_000;
  // A `.tmp` name is never indexed, so a killed run leaves no half picture in the bundle.
  const temp = `${pngPath}.${process.pid}.tmp`;
  await mkdir(dirname(pngPath), { recursive: true });
  let instance;
  try {
    instance = await playwright.chromium.launch({
      executablePath: browser,
      timeout,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await instance.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${htmlPath}`, { timeout });
    await page.screenshot({ path: temp, fullPage: true, type: 'png' });
    await rename(temp, pngPath);
    return { kind: 'written', path: pngPath, browser };
  } catch (error) {
    await rm(temp, { force: true });
    return {
      kind: 'skipped',
      reason: `Chromium failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  } finally {
    await instance?.close().catch(() => undefined);
  }
}
