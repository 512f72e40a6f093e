// Starts `qalint server` for Markdown pages, `_payload.json` files and `qalint.toml`: the
// diagnostics, quick fixes, hover, completion and go-to-definition all come from the server.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("qalint");
  const command = config.get<string>("path") || "qalint";
  const serverOptions: ServerOptions = { command, args: ["server"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", pattern: "**/_payload.json" },
    ],
  };
  client = new LanguageClient("qalint", "qalint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onWillSaveTextDocument((event) => {
      if (!vscode.workspace.getConfiguration("qalint").get<boolean>("fixAllOnSave")) {
        return;
      }
      event.waitUntil(fixAll(event.document));
    }),
  );
  await client.start();
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
