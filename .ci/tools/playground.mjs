// The docs' playground in a real browser (Debian's Chromium, driven by playwright-core): the
// built book served over HTTP, a broken page typed in shows its finding with its position, the
// fix button fixes it, a link carries the page, and a 20 KB page is checked in the time the
// budget allows (printed: the docs quote it).
//   node playground.mjs BOOK_DIR [SCREENSHOT]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { launchChromium } from "./browser.mjs";

const [book, screenshot] = process.argv.slice(2);
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".json": "application/json" };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  try {
    const body = await readFile(join(book, path.endsWith("/") ? `${path}index.html` : path));
    res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
const fail = async (why) => {
  console.error(`FAIL: ${why}`);
  await browser.close();
  server.close();
  process.exit(1);
};
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  await tab.goto(`${base}/playground.html`, { waitUntil: "networkidle" });
  const ready = await tab.waitForSelector("body[data-playground=ready]", { timeout: 30000 }).catch(() => null);
  if (!ready) await fail(`the playground never started: ${errors.join("; ")}`);

  const findings = () => tab.textContent("#qp-findings");
  // The sample: an upper-case difficulty and an unlabeled fence.
  const first = await findings();
  if (!first.includes("content/python/basics/loops.md:9:13: QA003 [bad-difficulty]")) {
    await fail(`the sample's finding is not shown: ${first}`);
  }
  // Type a broken page: its finding appears, with its line and column.
  const broken = "---\ntitle: x\ndescription: y\nframework: Go\nframeworkSlug: go\ntopic: T\ntopicSlug: t\n" +
    "subtopic: S\ndifficulty: Extreme\norder: 1\nupdated: 2026-06-18\nseoDescription: z\nquestions: []\n---\n";
  await tab.fill("#qp-page", "");
  await tab.type("#qp-page", broken, { delay: 0 });
  const typed = await findings();
  if (!typed.includes("content/python/basics/loops.md:9:13: QA003 [bad-difficulty] difficulty `Extreme`")) {
    await fail(`the typed page's finding is not shown: ${typed}`);
  }
  console.log("ok: a typed page's finding shows, at 9:13");
  // The sample again, then the fix button: the difficulty fixed, the finding gone.
  await tab.fill("#qp-page", broken.replace("Extreme", "Hard"));
  await tab.click("#qp-fix");
  const page = await tab.inputValue("#qp-page");
  if (!page.includes("difficulty: hard") || (await findings()).includes("QA003")) {
    await fail(`the fix did not fix the page: ${page}\n${await findings()}`);
  }
  console.log("ok: the fix button fixes the page and the finding goes");
  // The link carries the page: opened afresh, it shows the same page.
  const link = await tab.getAttribute("#qp-link", "href");
  const other = await browser.newPage();
  await other.goto(`${base}/playground.html${link}`, { waitUntil: "networkidle" });
  await other.waitForSelector("body[data-playground=ready]", { timeout: 30000 });
  if ((await other.inputValue("#qp-page")) !== page) await fail("the link does not carry the page");
  console.log("ok: the link carries the page");
  await other.close();
  await tab.bringToFront();
  // A 20 KB page: the time of one check, as the page measures it (median of 7 edits).
  let big = broken.replace("questions: []\n---\n", "questions:\n");
  for (let i = 0; big.length < 20000; i++) {
    big += `  - id: q${i}\n    difficulty: easy\n    q: Question ${i}?\n    a: |\n      An answer.\n\n      \`\`\`\n      x = ${i}\n      \`\`\`\n`;
  }
  big += "---\n";
  const times = [];
  // Set as a paste would (playwright's fill types 20 KB too slowly to be the test).
  const paste = (text) => tab.evaluate((t) => {
    const el = document.getElementById("qp-page");
    el.value = t;
    el.dispatchEvent(new Event("input"));
  }, text);
  for (let i = 0; i < 7; i++) {
    await paste(big + "\n".repeat(i));
    times.push(Number(await tab.getAttribute("#qp-time", "data-ms")));
  }
  times.sort((a, b) => a - b);
  console.log(`ok: a ${(big.length / 1024).toFixed(0)} KB page is checked in ${times[3].toFixed(1)} ms in Chromium (median of 7)`);
  if (screenshot) {
    await paste(broken.replace("Extreme", "Hard"));
    await tab.setViewportSize({ width: 1000, height: 900 });
    await tab.screenshot({ path: screenshot, fullPage: false });
  }
  if (errors.length) await fail(`errors on the page: ${errors.join("; ")}`);
} finally {
  await browser.close();
  server.close();
}
