// Debian's Chromium (or CHROMIUM's), as the browser tests launch it: as root in a container,
// without the network calls Chromium makes at start. playwright-core: nothing downloaded.
import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}
