// In a real browser (Debian's Chromium, driven by playwright-core: nothing downloaded), a page
// of `nuxi dev` shows qalint's finding in Vite's error overlay once a content page is saved
// broken, and the overlay goes once the page is saved fixed.
//   node nuxt-overlay.mjs URL PAGE BROKEN CLEAN [SCREENSHOT] [FINDING AT]
// PAGE is the content file to save; BROKEN and CLEAN are the texts to save into it. With
// SCREENSHOT (may be empty), the overlay is saved there as a PNG (the docs' picture of it).
// FINDING and AT are what the overlay must say and where (the Nuxt 3 app's by default).
import { copyFileSync } from "node:fs";
import { launchChromium } from "./browser.mjs";

const [url, page, broken, clean, screenshot,
  finding = "QA001 [schema] tags: expected a list, found a string",
  at = "threads.md:13:7"] = process.argv.slice(2);
const browser = await launchChromium();
const fail = async (why) => {
  console.error(`FAIL: ${why}`);
  await browser.close();
  process.exit(1);
};
try {
  const tab = await browser.newPage();
  await tab.goto(url, { waitUntil: "networkidle" });
  if (await tab.$("vite-error-overlay")) await fail("an overlay before anything was broken");

  copyFileSync(broken, page);
  const overlay = await tab.waitForSelector("vite-error-overlay", { timeout: 30000 }).catch(() => null);
  if (!overlay) await fail("no overlay after saving a broken page");
  const text = await tab.evaluate(() => document.querySelector("vite-error-overlay")?.shadowRoot?.textContent ?? "");
  for (const expected of [finding, at, "qalint"]) {
    if (!text.includes(expected)) await fail(`the overlay does not say "${expected}": ${text.slice(0, 400)}`);
  }
  console.log(`ok: the overlay shows ${finding} at ${at}`);
  if (screenshot) {
    await tab.setViewportSize({ width: 1000, height: 560 });
    await tab.screenshot({ path: screenshot });
  }

  copyFileSync(clean, page);
  const gone = await tab
    .waitForFunction(() => !document.querySelector("vite-error-overlay"), null, { timeout: 30000 })
    .catch(() => null);
  if (!gone) await fail("the overlay stays after the page was fixed");
  console.log("ok: the overlay goes once the page is fixed");
} finally {
  await browser.close();
}
