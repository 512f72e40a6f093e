// Starts `qalint server` for Markdown pages, YAML, JSON and CSV items, `_payload.json` files
// and `qalint.toml`: the diagnostics, quick fixes, hover, completion and go-to-definition all
// come from the server.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("qalint");
  context.subscriptions.push(output);
  // Fix-all on save is VS Code's own: `"editor.codeActionsOnSave": { "source.fixAll.qalint":
  // "explicit" }` asks the server for the action it advertises.
  context.subscriptions.push(
    // Trust granted: the workspace's own setting and node_modules may now be used.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
  );
  await start();
}

/// Which qalint to run. A workspace can set `qalint.path` and ship `node_modules`: both are
/// used only once the user trusts it (as the ESLint and Biome extensions do); an untrusted
/// workspace gets the user's own setting or `qalint` from PATH.
export function resolveBinary(): { command: string; why: string } {
  const trusted = vscode.workspace.isTrusted;
  const setting = vscode.workspace.getConfiguration("qalint").inspect<string>("path");
  const chosen = trusted
    ? setting?.workspaceFolderValue || setting?.workspaceValue || setting?.globalValue
    : setting?.globalValue;
  if (chosen) {
    return { command: chosen, why: "the qalint.path setting" };
  }
  if (trusted) {
    // npm writes `qalint.cmd` there on Windows.
    const name = process.platform === "win32" ? "qalint.cmd" : "qalint";
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const local = path.join(folder.uri.fsPath, "node_modules", ".bin", name);
      if (fs.existsSync(local)) {
        return { command: local, why: "the workspace's node_modules" };
      }
    }
  }
  return { command: "qalint", why: "PATH" };
}

async function start(): Promise<void> {
  const { command, why } = resolveBinary();
  output?.appendLine(`Starting ${command} server (from ${why}).`);
  // A `.cmd` runs only through the shell on Windows (Node refuses to spawn it directly).
  const shell = process.platform === "win32" && command.toLowerCase().endsWith(".cmd");
  const serverOptions: ServerOptions = { command, args: ["server"], options: { shell } };
  const clientOptions: LanguageClientOptions = {
    // Every file a collection can hold: Markdown pages, a page collection's YAML and JSON
    // pages, a data collection's YAML, JSON and CSV items (the server answers with nothing for
    // a file no collection holds), and built payloads.
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "json" },
      { scheme: "file", pattern: "**/*.csv" },
      { scheme: "file", pattern: "**/_payload.json" },
    ],
    outputChannel: output,
  };
  client = new LanguageClient("qalint", "qalint", serverOptions, clientOptions);
  await client.start();
}

async function restart(): Promise<void> {
  await client?.stop();
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
