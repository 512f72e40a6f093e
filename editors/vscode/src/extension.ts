// Starts `qalint server` for Markdown pages, `_payload.json` files and `qalint.toml`: the
// diagnostics, quick fixes, hover, completion and go-to-definition all come from the server.
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
  context.subscriptions.push(
    vscode.workspace.onWillSaveTextDocument((event) => {
      if (!vscode.workspace.getConfiguration("qalint").get<boolean>("fixAllOnSave")) {
        return;
      }
      event.waitUntil(fixAll(event.document));
    }),
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
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const local = path.join(folder.uri.fsPath, "node_modules", ".bin", "qalint");
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
  const serverOptions: ServerOptions = { command, args: ["server"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
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

/// The server's `source.fixAll.qalint` action for a document, as edits to apply on save.
async function fixAll(document: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    "vscode.executeCodeActionProvider",
    document.uri,
    whole,
    "source.fixAll.qalint",
  );
  const edits = actions?.[0]?.edit?.get(document.uri);
  return edits ?? [];
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
