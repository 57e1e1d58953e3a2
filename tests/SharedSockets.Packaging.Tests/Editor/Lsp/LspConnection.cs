using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SharedSockets.Packaging.Tests.Editor.Lsp;

/// <summary>A JSON-RPC error answered by the other side.</summary>
public sealed class LspErrorException(string method, JsonNode? error)
    : Exception($"'{method}' failed: {error?.ToJsonString()}");

/// <summary>One notification from the server, with when it arrived.</summary>
public sealed record LspNotification(long Sequence, string Method, JsonNode? Params, TimeSpan ReceivedAt);

/// <summary>
/// JSON-RPC 2.0 over a language server's stdin/stdout with the Language Server Protocol's base
/// framing: each message is a <c>Content-Length: N</c> header block, an empty line, then N bytes of
/// UTF-8 JSON. Answers the server's own requests through <paramref name="answerServerRequest"/>
/// (null for a method it does not know: the server gets "method not found").
/// </summary>
public sealed class LspConnection : IAsyncDisposable
{
    private const string ContentLengthHeader = "Content-Length:";

    private readonly Stream _fromServer;
    private readonly Stream _toServer;
    private readonly Func<string, JsonNode?, JsonNode?>? _answerServerRequest;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, (string Method, TaskCompletionSource<JsonNode?> Reply)> _pending = new();
    private readonly List<LspNotification> _notifications = [];
    private readonly Channel<bool> _notified = Channel.CreateUnbounded<bool>();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private long _nextId;

    public LspConnection(Stream fromServer, Stream toServer, Func<string, JsonNode?, JsonNode?>? answerServerRequest)
    {
        _fromServer = fromServer;
        _toServer = toServer;
        _answerServerRequest = answerServerRequest;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Time since the connection opened (the clock of <see cref="LspNotification.ReceivedAt"/>).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Why the connection stopped reading (end of stream or a framing error), once it has.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Server requests seen so far, by method (e.g. <c>workspace/configuration</c>).</summary>
    public ConcurrentDictionary<string, int> ServerRequests { get; } = new(StringComparer.Ordinal);

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, reply);
        try
        {
            await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }).ConfigureAwait(false);
            return await reply.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No answer to '{method}' within {timeout.TotalSeconds:F0} s." + ReaderState());
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>How many notifications have arrived: a mark for <see cref="WaitForNotificationAsync"/>.</summary>
    public long NotificationCount
    {
        get
        {
            lock (_notifications)
            {
                return _notifications.Count;
            }
        }
    }

    /// <summary>
    /// The first notification received after <paramref name="since"/> (a <see cref="NotificationCount"/>)
    /// that satisfies <paramref name="match"/>; a <see cref="TimeoutException"/> naming what did arrive otherwise.
    /// </summary>
    public async Task<LspNotification> WaitForNotificationAsync(long since, Func<LspNotification, bool> match, TimeSpan timeout, string waitingFor)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var next = since;
        while (true)
        {
            lock (_notifications)
            {
                for (; next < _notifications.Count; next++)
                {
                    if (match(_notifications[(int)next]))
                    {
                        return _notifications[(int)next];
                    }
                }
            }

            try
            {
                await _notified.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {waitingFor}; received since then:{Environment.NewLine}{Describe(since)}" + ReaderState());
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"The server's output ended while waiting for {waitingFor}." + ReaderState());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private string Describe(long since)
    {
        lock (_notifications)
        {
            var lines = _notifications.Skip((int)since).Select(n => $"  [{n.ReceivedAt.TotalSeconds:F1} s] {n.Method} {Shorten(n.Params?.ToJsonString())}").ToList();
            return lines.Count == 0 ? "  (nothing)" : string.Join(Environment.NewLine, lines);
        }
    }

    private string ReaderState() => Failure is null ? string.Empty : $"{Environment.NewLine}Reading from the server stopped: {Failure.Message}";

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 600 ? text : text[..600] + "…";

    private async Task WriteAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"{ContentLengthHeader} {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _toServer.WriteAsync(header).ConfigureAwait(false);
            await _toServer.WriteAsync(body).ConfigureAwait(false);
            await _toServer.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync(_stop.Token).ConfigureAwait(false) is { } message)
            {
                await DispatchAsync(message).ConfigureAwait(false);
            }

            Failure = new EndOfStreamException("the server closed its output");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Failure = new OperationCanceledException("the connection was disposed");
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or JsonException or ObjectDisposedException)
        {
            Failure = exception;
        }
        finally
        {
            _notified.Writer.TryComplete();
            foreach (var (_, (method, reply)) in _pending)
            {
                reply.TrySetException(new InvalidOperationException($"No answer to '{method}': {Failure?.Message}"));
            }
        }
    }

    private async Task DispatchAsync(JsonNode message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is not null && id is not null)
        {
            ServerRequests.AddOrUpdate(method, 1, (_, count) => count + 1);
            var answer = _answerServerRequest is null ? null : _answerServerRequest(method, message["params"]);
            var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone() };
            if (answer is null && !KnownWithoutResult(method))
            {
                response["error"] = new JsonObject { ["code"] = -32601, ["message"] = $"The test client does not handle '{method}'." };
            }
            else
            {
                response["result"] = answer;
            }

            await WriteAsync(response).ConfigureAwait(false);
        }
        else if (method is not null)
        {
            lock (_notifications)
            {
                _notifications.Add(new LspNotification(_notifications.Count, method, message["params"], _clock.Elapsed));
            }

            _notified.Writer.TryWrite(true);
        }
        else if (id is JsonValue value && value.TryGetValue<long>(out var number) && _pending.TryGetValue(number, out var pending))
        {
            if (message["error"] is { } error)
            {
                pending.Reply.TrySetException(new LspErrorException(pending.Method, error));
            }
            else
            {
                pending.Reply.TrySetResult(message["result"]);
            }
        }
    }

    /// <summary>Server requests whose success result is null by the protocol.</summary>
    private static bool KnownWithoutResult(string method) =>
        method is "client/registerCapability" or "client/unregisterCapability" or "window/workDoneProgress/create"
            or "workspace/diagnostic/refresh" or "workspace/semanticTokens/refresh" or "workspace/inlayHint/refresh"
            or "workspace/codeLens/refresh" or "workspace/inlineValue/refresh";

    /// <summary>One framed message, or null at the end of the stream.</summary>
    private async Task<JsonNode?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        while (await ReadHeaderLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (length is null)
                {
                    throw new InvalidDataException("A message header block without Content-Length.");
                }

                var body = new byte[length.Value];
                await _fromServer.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
                return JsonNode.Parse(body) ?? throw new InvalidDataException("A message whose body is JSON null.");
            }

            if (line.StartsWith(ContentLengthHeader, StringComparison.OrdinalIgnoreCase))
            {
                length = int.TryParse(line.AsSpan(ContentLengthHeader.Length).Trim(), out var parsed) && parsed >= 0
                    ? parsed
                    : throw new InvalidDataException($"A malformed header: '{line}'.");
            }
        }

        return null;
    }

    /// <summary>A header line without its CR LF, or null at the end of the stream (headers are ASCII).</summary>
    private async Task<string?> ReadHeaderLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _fromServer.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return line.Length == 0 ? null : throw new EndOfStreamException("The stream ended inside a header.");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }
}
