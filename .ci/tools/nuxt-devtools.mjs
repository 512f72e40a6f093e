// In a real browser (Debian's Chromium, driven by playwright-core), the qalint tab of the real
// Nuxt DevTools during `nuxi dev`: opened through DevTools, it lists a page saved broken (by
// collection and page) within 1 s; the finding opens in the editor through DevTools' own
// open-in-editor; its rule page shows; the page's "Fix" button applies the safe fix through the
// binary and the finding goes (the file on disk fixed, the other findings kept); a deletion
// shows the gap it leaves within 1 s.
//   node nuxt-devtools.mjs URL TOKEN ROOT PAGE BROKEN EDITOR_LOG DELETED GAP [SCREENSHOT]
// TOKEN is DevTools' auth token (a user who authorized DevTools has it in localStorage); PAGE
// the content file (relative to ROOT) to save BROKEN into (a text with a safe-fixable
// QA003 at 9:13 and a QA001 at 12:17); EDITOR_LOG where LAUNCH_EDITOR writes what it opens;
// DELETED a page to delete, GAP the finding its deletion leaves.
import { copyFileSync, existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./browser.mjs";

const [url, token, root, page, broken, editorLog, deleted, gap, screenshot] = process.argv.slice(2);
const browser = await launchChromium();
const fail = async (why) => {
  console.error(`FAIL: ${why}`);
  await browser.close();
  process.exit(1);
};
const within = async (what, ms, fn) => {
  const start = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - start;
    if (Date.now() - start > ms) await fail(`${what} not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
try {
  const tab = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  // The tab's own errors are printed (DevTools' network noise offline is not).
  tab.on("console", (m) => m.type() === "error" && m.location()?.url?.includes("/__qalint__/") && console.error(`tab: ${m.text()}`));
  await tab.goto(url, { waitUntil: "networkidle" });
  // As a user who once authorized DevTools (its token in the site's localStorage).
  await tab.evaluate((t) => localStorage.setItem("__nuxt_dev_token__", t), token);
  await tab.reload({ waitUntil: "networkidle" });
  await tab.waitForFunction(() => window.__NUXT_DEVTOOLS_HOST__?.devtools, null, { timeout: 30000 });
  // DevTools opens (as Shift+Alt+D does); a first visit greets the user with "Get Started".
  await tab.evaluate(() => window.__NUXT_DEVTOOLS_HOST__.devtools.open());
  let devtools;
  await within("Nuxt DevTools", 30000, () => (devtools = tab.frames().find((f) => f.url().includes("/__nuxt_devtools__/client"))));
  const welcome = devtools.getByText("Get Started");
  if (await welcome.waitFor({ timeout: 5000 }).then(() => true, () => false)) await welcome.click();
  await tab.evaluate(() => window.__NUXT_DEVTOOLS_HOST__.devtools.navigate("/modules/custom-qalint"));
  let frame;
  await within("the qalint tab in DevTools", 30000, () => (frame = tab.frames().find((f) => f.url().includes("/__qalint__/"))));
  await frame.waitForSelector("body[data-version]", { timeout: 30000 });
  const text = (selector) => frame.evaluate((s) => [...document.querySelectorAll(s)].map((n) => n.textContent), selector);
  const summary = async () => (await text("#summary"))[0];
  if ((await summary()) !== "content checked: no problems") await fail(`the clean site's tab says: ${await summary()}`);
  console.log("ok: DevTools opens the qalint tab; the clean site has no problems");

  copyFileSync(broken, join(root, page));
  const ms = await within("the saved page's findings in the tab", 1000, async () => (await text(".finding")).length === 2);
  const groups = await frame.evaluate(() => [...document.querySelectorAll("section.collection")].map((s) => ({
    collection: s.querySelector("h2").firstChild.textContent,
    pages: [...s.querySelectorAll("article.page")].map((a) => ({
      file: a.dataset.file,
      findings: [...a.querySelectorAll(".finding")].map((f) => `${f.querySelector(".at").textContent} ${f.querySelector(".code").textContent}`),
      fix: a.querySelector("button.fix")?.textContent ?? null,
    })),
  })));
  const expected = [{ collection: "qa", pages: [{ file: page, findings: ["9:13 QA003 [bad-difficulty]", "12:17 QA001 [schema]"], fix: "Fix 1 safe" }] }];
  if (JSON.stringify(groups) !== JSON.stringify(expected)) await fail(`the tab shows ${JSON.stringify(groups)}`);
  const counts = await text("#counts button");
  if (counts.join(",") !== "QA001 schema 1,QA003 bad-difficulty 1") await fail(`counts per rule: ${counts}`);
  console.log(`ok: the saved page's findings are in the tab after ${ms} ms, under collection qa, with counts per rule`);

  // Vite's overlay shows the error too (over the page and over DevTools): dismissed, as a
  // user does, before the tab is used.
  const dismiss = async () => {
    for (const f of tab.frames()) await f.evaluate(() => document.querySelectorAll("vite-error-overlay").forEach((o) => o.close())).catch(() => {});
  };
  await dismiss();

  // Filters: by rule, by severity, by text.
  await frame.selectOption("#rule", "QA003");
  if ((await text(".finding .code")).join() !== "QA003 [bad-difficulty]") await fail("the rule filter");
  await frame.selectOption("#rule", "");
  await frame.selectOption("#severity", "warning");
  if ((await text(".finding")).length !== 0) await fail("the severity filter");
  await frame.selectOption("#severity", "");
  await frame.fill("#text", "seoDescription");
  if ((await text(".finding .code")).join() !== "QA001 [schema]") await fail("the text filter");
  await frame.fill("#text", "");
  console.log("ok: filters by rule, severity and text");

  // DevTools' own open-in-editor, at the finding's line and column.
  await frame.click(".finding:has-text('QA003') .at");
  const target = `${join(root, page)} 9 13`;
  await within("the editor asked to open the finding", 10000, () => existsSync(editorLog) && readFileSync(editorLog, "utf8").includes(target));
  console.log(`ok: the finding opens in the editor (${target})`);

  await frame.click(".finding:has-text('QA003') .code");
  await frame.waitForSelector("#explain[open]");
  const explained = (await text("#explain-text"))[0];
  if (!explained.includes("bad-difficulty (QA003)")) await fail(`the rule page: ${explained.slice(0, 200)}`);
  await frame.click("#explain button");
  console.log("ok: the rule's page, as qalint --explain prints it");
  if (screenshot) {
    await dismiss();
    await tab.screenshot({ path: screenshot });
  }

  await frame.click("button.fix");
  await within("the fixed finding gone from the tab", 10000, async () => (await text(".finding .code")).join() === "QA001 [schema]");
  if (!readFileSync(join(root, page), "utf8").includes("\ndifficulty: medium\n")) await fail("the page on disk is not fixed");
  if (await frame.$("button.fix")) await fail("a Fix button stays on a page without safe fixes");
  console.log("ok: the Fix button applied the safe fix through the binary; the finding went, the other stayed");

  // A deletion, then the page back.
  const away = `${join(root, deleted)}.away`;
  renameSync(join(root, deleted), away);
  const gone = await within("the gap a deletion leaves, in the tab", 1000, async () => (await text(".finding")).some((t) => t.includes(gap)));
  renameSync(away, join(root, deleted));
  console.log(`ok: a deletion shows in the tab after ${gone} ms`);
} finally {
  await browser.close();
}
