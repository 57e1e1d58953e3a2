using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace SharedSockets.Packaging.Tests.Editor.Lsp;

/// <summary>
/// csharp-ls, the Roslyn-based language server pinned in the repository's tool manifest
/// (.config/dotnet-tools.json), driven over stdio as an editor drives it: initialize, answer its
/// configuration requests, open and edit files, collect what it publishes, shut it down.
/// </summary>
public sealed class CSharpLanguageServer : IAsyncDisposable
{
    public const string ToolCommand = "csharp-ls";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly LspConnection _connection;
    private readonly StringBuilder _errorOutput = new();

    private CSharpLanguageServer(Process process, Func<string, JsonNode?, JsonNode?> answerServerRequest)
    {
        _process = process;
        // The protocol's headers are read a byte at a time: buffer the pipe.
        _connection = new LspConnection(new BufferedStream(process.StandardOutput.BaseStream), process.StandardInput.BaseStream, answerServerRequest);
    }

    public LspConnection Connection => _connection;

    /// <summary>What the server answered to <c>initialize</c>.</summary>
    public JsonNode? Capabilities { get; private set; }

    /// <summary>Whether the server takes ranged edits (<c>TextDocumentSyncKind.Incremental</c>) rather than whole texts.</summary>
    public bool SyncsIncrementally =>
        (Capabilities?["textDocumentSync"] is JsonObject sync ? sync["change"] : Capabilities?["textDocumentSync"])?.GetValue<int>() == 2;

    /// <summary>What the server wrote to stderr (its log), for failure messages.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errorOutput)
            {
                return _errorOutput.ToString();
            }
        }
    }

    /// <summary><c>dotnet tool restore</c> in the repository: installs the pinned csharp-ls into the NuGet cache.</summary>
    public static CliResult RestoreTool(string repositoryRoot) =>
        DotNetCli.Run(repositoryRoot, PackagingFixture.BuildTimeout, environment: null, "tool", "restore");

    /// <summary>
    /// Starts the tool from the repository (where its manifest is) and initializes it on
    /// <paramref name="workspaceDirectory"/>, a folder holding one restored project.
    /// <paramref name="configuration"/> answers <c>workspace/configuration</c> for the <c>csharp</c> section.
    /// </summary>
    public static async Task<CSharpLanguageServer> StartAsync(string repositoryRoot, string workspaceDirectory, JsonObject configuration)
    {
        var start = DotNetCli.StartInfo(repositoryRoot, environment: null, "tool", "run", ToolCommand);
        var process = Process.Start(start) ?? throw new InvalidOperationException("`dotnet tool run csharp-ls` did not start.");
        var server = new CSharpLanguageServer(process, (method, parameters) => Answer(method, parameters, configuration));
        process.ErrorDataReceived += (_, e) => server.AppendError(e.Data);
        process.BeginErrorReadLine();
        try
        {
            var root = new Uri(Path.GetFullPath(workspaceDirectory) + Path.DirectorySeparatorChar);
            var initialized = await server._connection.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["clientInfo"] = new JsonObject { ["name"] = "SharedSockets.Packaging.Tests" },
                ["rootUri"] = root.AbsoluteUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root.AbsoluteUri, ["name"] = Path.GetFileName(workspaceDirectory) }),
                ["capabilities"] = new JsonObject
                {
                    // workspace/configuration is how the analyzer setting reaches the server. No
                    // textDocument.diagnostic (pull): the server then pushes publishDiagnostics.
                    ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                    ["textDocument"] = new JsonObject
                    {
                        ["synchronization"] = new JsonObject { ["didSave"] = false },
                        ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["codeDescriptionSupport"] = true },
                    },
                },
            }, RequestTimeout).ConfigureAwait(false);
            server.Capabilities = initialized?["capabilities"];
            await server._connection.NotifyAsync("initialized", new JsonObject()).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<OpenDocument> OpenAsync(string path)
    {
        var document = new OpenDocument(path, await File.ReadAllTextAsync(path).ConfigureAwait(false));
        await _connection.NotifyAsync("textDocument/didOpen", document.DidOpenParams()).ConfigureAwait(false);
        return document;
    }

    /// <summary>Types into the open buffer: replaces <paramref name="length"/> characters at <paramref name="offset"/>.</summary>
    public Task ChangeAsync(OpenDocument document, int offset, int length, string newText) =>
        _connection.NotifyAsync("textDocument/didChange", document.Edit(offset, length, newText, SyncsIncrementally));

    /// <summary>
    /// The first diagnostics published for <paramref name="document"/> after the mark
    /// <paramref name="since"/> (a <see cref="LspConnection.NotificationCount"/>) that satisfy <paramref name="match"/>.
    /// </summary>
    public async Task<(IReadOnlyList<PublishedDiagnostic> Diagnostics, TimeSpan ReceivedAt)> WaitForDiagnosticsAsync(
        OpenDocument document, long since, Func<IReadOnlyList<PublishedDiagnostic>, bool> match, TimeSpan timeout, string waitingFor)
    {
        try
        {
            var publication = await _connection.WaitForNotificationAsync(
                since,
                n => n.Method == PublishedDiagnostic.PublishMethod
                    && document.IsNamedBy(n.Params?["uri"]?.GetValue<string>())
                    && match(PublishedDiagnostic.ListFrom(n.Params)),
                timeout,
                waitingFor).ConfigureAwait(false);
            return (PublishedDiagnostic.ListFrom(publication.Params), publication.ReceivedAt);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            throw new TimeoutException($"{exception.Message}{Environment.NewLine}csharp-ls stderr:{Environment.NewLine}{Tail(ErrorOutput)}", exception);
        }
    }

    /// <summary>The protocol's orderly end: <c>shutdown</c>, then <c>exit</c>; true when the process then exits by itself.</summary>
    public async Task<bool> ShutdownAsync()
    {
        await _connection.RequestAsync("shutdown", null, RequestTimeout).ConfigureAwait(false);
        await _connection.NotifyAsync("exit", null).ConfigureAwait(false);
        return await WaitForExitAsync(ExitTimeout).ConfigureAwait(false);
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Ends whatever is still running of the process tree this server started (build hosts included).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(ExitTimeout).ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void AppendError(string? line)
    {
        if (line is not null)
        {
            lock (_errorOutput)
            {
                _errorOutput.AppendLine(line);
            }
        }
    }

    /// <summary>The client's side of the server's requests: the configuration asked for, and acknowledgements.</summary>
    private static JsonNode? Answer(string method, JsonNode? parameters, JsonObject configuration)
    {
        if (method != "workspace/configuration")
        {
            return null;
        }

        // One result per requested item, in order; csharp-ls reads its settings from the "csharp" section.
        var results = new JsonArray();
        foreach (var item in parameters?["items"] as JsonArray ?? [])
        {
            results.Add(item?["section"]?.GetValue<string>() == "csharp" ? configuration.DeepClone() : null);
        }

        return results;
    }

    private static string Tail(string text, int lines = 40) =>
        string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines).Select(l => l.TrimEnd('\r')));
}
