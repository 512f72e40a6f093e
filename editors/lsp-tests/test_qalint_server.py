"""`qalint server` driven by a real LSP client (pytest-lsp), announcing the capabilities of
VS Code and of Neovim; pytest-lsp checks every reply against the specification.

Run: QALINT=path/to/qalint pytest editors/lsp-tests (CI builds the binary first).
"""

import asyncio
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
QALINT = os.environ.get("QALINT", str(REPO / "target" / "debug" / "qalint"))


def make_site(tmp: pathlib.Path) -> pathlib.Path:
    site = tmp / "site"
    shutil.copytree(REPO / "fixtures" / "site" / "content" / "javascript", site / "content" / "javascript")
    (site / "qalint.toml").write_text("root = true\n")
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> pathlib.Path:
    return make_site(tmp_path_factory.mktemp("lsp"))


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[QALINT, "server"]),
    params=["visual-studio-code", "neovim"],
)
async def client(lsp_client: LanguageClient, request, site):
    # As VS Code does, take the server's registrations (the file watchers), and keep them.
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=site.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=site.as_uri(), name="site")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def uri_of(site, rel):
    return (site / rel).resolve().as_uri()


def open_doc(client, uri, text, version=1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )


def pulls(client: LanguageClient) -> bool:
    return bool(client.capabilities.text_document and client.capabilities.text_document.diagnostic)


async def diagnostics(client: LanguageClient, uri: str):
    """Pulled when the client announced pull diagnostics, else the next published ones."""
    if pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return report.items
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics.get(uri, [])


async def test_diagnostics_codes_source_and_positions(client: LanguageClient, site):
    rel = "content/javascript/async/callbacks.md"
    uri = uri_of(site, rel)
    open_doc(client, uri, (site / rel).read_text())
    found = await diagnostics(client, uri)
    assert [d.code for d in found] == ["QA004", "QA003", "QA007", "QA007", "QA002"]
    qa003 = found[1]
    assert qa003.source == "qalint"
    assert qa003.severity == types.DiagnosticSeverity.Error
    assert (qa003.range.start.line, qa003.range.start.character) == (17, 16)
    assert found[4].related_information[0].message == "first used here"


async def test_characters_outside_the_bmp_before_a_finding(client: LanguageClient, site):
    rel = "content/javascript/async/promises.md"
    uri = uri_of(site, rel)
    text = (site / rel).read_text().replace("questions:", 'related: ["/😀x", "/nope"]\nquestions:', 1)
    open_doc(client, uri, text)
    found = await diagnostics(client, uri)
    nope = [d for d in found if d.message.startswith("/nope")][0]
    line = text.splitlines().index('related: ["/😀x", "/nope"]')
    # 17 characters before it: 18 UTF-16 code units (😀 is a surrogate pair), or 20 UTF-8
    # bytes when the client offers UTF-8 (Neovim does).
    general = client.capabilities.general
    utf8 = bool(general and general.position_encodings and types.PositionEncodingKind.Utf8 in general.position_encodings)
    assert (nope.range.start.line, nope.range.start.character) == (line, 20 if utf8 else 18)


async def test_an_unsaved_page_repairs_another_pages_link(client: LanguageClient, site):
    rel = "content/javascript/async/callbacks.md"
    uri = uri_of(site, rel)
    open_doc(client, uri, (site / rel).read_text())
    assert "QA004" in [d.code for d in await diagnostics(client, uri)]
    new = (site / "content/javascript/async").resolve().as_uri() + "/callback-hell.md"
    open_doc(client, new, (site / "content/javascript/async/promises.md").read_text())
    # The client may send a pull before the open reaches the server, and published
    # diagnostics come per document: look again until the server has seen it (at most 5 s).
    codes = []
    for _ in range(50):
        if pulls(client):
            codes = [d.code for d in await diagnostics(client, uri)]
        else:
            codes = [d.code for d in client.diagnostics.get(uri, [])]
        if "QA004" not in codes:
            break
        await asyncio.sleep(0.1)
    assert "QA004" not in codes
    assert not (site / "content/javascript/async/callback-hell.md").exists()


async def test_code_actions_hover_definition_completion(client: LanguageClient, site):
    rel = "content/javascript/async/promises.md"
    uri = uri_of(site, rel)
    text = (site / rel).read_text().replace(
        "questions:", "related:\n  - /javascript/async/callbacks\n  - /javascript/a\nquestions:", 1
    )
    open_doc(client, uri, text)
    await diagnostics(client, uri)
    lines = text.splitlines()
    link = lines.index("  - /javascript/async/callbacks")
    pos = types.Position(line=link, character=10)
    doc = types.TextDocumentIdentifier(uri=uri)

    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
    assert hover.contents.value == "**Callbacks** — `/javascript/async/callbacks`"

    target = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=pos)
    )
    assert target.uri == uri_of(site, "content/javascript/async/callbacks.md")

    items = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc, position=types.Position(line=link + 1, character=15))
    )
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert labels == ["/javascript/async/callbacks", "/javascript/async/event-loop"]

    callbacks = uri_of(site, "content/javascript/async/callbacks.md")
    open_doc(client, callbacks, (site / "content/javascript/async/callbacks.md").read_text())
    await diagnostics(client, callbacks)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=callbacks),
            range=types.Range(start=types.Position(line=17, character=16), end=types.Position(line=17, character=16)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in actions]
    assert titles == ["QA003: replace `Hard` with `hard`", "QA003: ignore bad-difficulty here"]
    edit = actions[0].edit.changes[callbacks][0]
    assert edit.new_text == "hard"


async def test_the_topic_renumbering_is_one_workspace_edit(client: LanguageClient, site):
    rel = "content/javascript/async/event-loop.md"
    uri = uri_of(site, rel)
    open_doc(client, uri, (site / rel).read_text())
    qa005 = [d for d in await diagnostics(client, uri) if d.code == "QA005"][0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=qa005.range,
            context=types.CodeActionContext(diagnostics=[qa005]),
        )
    )
    renumber = [a for a in actions if a.title.startswith("QA005: renumber")][0]
    assert renumber.edit.changes[uri][0].new_text == "3"


async def test_file_watchers_are_registered_when_the_client_can_take_them(
    client: LanguageClient, site
):
    """VS Code sends no file events unless the server registers for them; Neovim 0.11
    announces no dynamic registration, and gets none."""
    caps = client.capabilities.workspace
    dynamic = bool(
        caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration
    )
    for _ in range(50):
        if client.registrations or not dynamic:
            break
        await asyncio.sleep(0.1)
    if not dynamic:
        assert client.registrations == []
        return
    [registration] = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    for glob in ["**/*.md", "**/_payload.json", "**/qalint.toml", "**/.nuxt/qalint/collections.json"]:
        assert glob in globs


async def test_a_buffer_from_outside_the_workspace_stays_out_of_its_index(
    client: LanguageClient, site, tmp_path
):
    rel = "content/javascript/async/callbacks.md"
    uri = uri_of(site, rel)
    open_doc(client, uri, (site / rel).read_text())
    before = sorted(d.code for d in await diagnostics(client, uri))
    assert "QA004" in before
    # Another project holding the very page the workspace's link names.
    outside = make_site(tmp_path)
    page = outside / "content/javascript/async/callback-hell.md"
    page.write_text((outside / "content/javascript/async/promises.md").read_text().replace("order: 1", "order: 9"))
    outside_uri = page.resolve().as_uri()
    open_doc(client, outside_uri, page.read_text())
    # The outside page is linted on its own project (its order 9 leaves a gap there)...
    codes = []
    for _ in range(50):
        codes = [d.code for d in await diagnostics(client, outside_uri)] if pulls(client) else [
            d.code for d in client.diagnostics.get(outside_uri, [])
        ]
        if codes:
            break
        await asyncio.sleep(0.1)
    assert "QA005" in codes
    # ...and the workspace's findings are what they were: the link is still broken (pushed
    # ones were published with the outside page's, already here).
    now = await diagnostics(client, uri) if pulls(client) else client.diagnostics.get(uri, [])
    assert sorted(d.code for d in now) == before
