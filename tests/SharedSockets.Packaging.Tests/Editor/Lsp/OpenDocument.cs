using System.Text.Json.Nodes;

namespace SharedSockets.Packaging.Tests.Editor.Lsp;

/// <summary>A position as the protocol counts it: zero-based line, UTF-16 code units into the line.</summary>
public readonly record struct LspPosition(int Line, int Character)
{
    public static LspPosition At(string text, int offset)
    {
        if (offset < 0 || offset > text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Offset {offset} is outside a text of {text.Length} characters.");
        }

        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var line = text.AsSpan(0, lineStart).Count('\n');
        return new LspPosition(line, offset - lineStart);
    }

    public static LspPosition From(JsonNode? position) =>
        new(position?["line"]?.GetValue<int>() ?? -1, position?["character"]?.GetValue<int>() ?? -1);

    public JsonObject ToJson() => new() { ["line"] = Line, ["character"] = Character };

    public override string ToString() => $"{Line}:{Character}";
}

/// <summary>A range as the protocol gives it (end exclusive).</summary>
public readonly record struct LspRange(LspPosition Start, LspPosition End)
{
    public static LspRange Of(string text, int offset, int length) => new(LspPosition.At(text, offset), LspPosition.At(text, offset + length));

    public static LspRange From(JsonNode? range) => new(LspPosition.From(range?["start"]), LspPosition.From(range?["end"]));

    public JsonObject ToJson() => new() { ["start"] = Start.ToJson(), ["end"] = End.ToJson() };

    public override string ToString() => $"{Start}-{End}";
}

/// <summary>
/// The editor's copy of a file it opened: text and version, kept in step with what it sends
/// (<c>didOpen</c>, then one <c>didChange</c> per edit), as a buffer the user types into.
/// </summary>
public sealed class OpenDocument(string path, string text)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public Uri Uri { get; } = new(System.IO.Path.GetFullPath(path));

    public string Text { get; private set; } = text;

    public int Version { get; private set; } = 1;

    public JsonObject DidOpenParams() => new()
    {
        ["textDocument"] = new JsonObject
        {
            ["uri"] = Uri.AbsoluteUri,
            ["languageId"] = "csharp",
            ["version"] = Version,
            ["text"] = Text,
        },
    };

    /// <summary>
    /// Replaces <paramref name="length"/> characters at <paramref name="offset"/> and returns the
    /// <c>didChange</c> parameters: the edited range when the server syncs incrementally, else the whole text.
    /// </summary>
    public JsonObject Edit(int offset, int length, string newText, bool incremental)
    {
        var range = LspRange.Of(Text, offset, length);
        Text = Text[..offset] + newText + Text[(offset + length)..];
        Version++;
        var change = incremental
            ? new JsonObject { ["range"] = range.ToJson(), ["text"] = newText }
            : new JsonObject { ["text"] = Text };
        return new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri.AbsoluteUri, ["version"] = Version },
            ["contentChanges"] = new JsonArray(change),
        };
    }

    /// <summary>Whether a URI the server sent names this file (servers spell file URIs in more than one way).</summary>
    public bool IsNamedBy(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile
            && string.Equals(System.IO.Path.GetFullPath(parsed.LocalPath), Path, StringComparison.Ordinal);

    /// <summary>The range of the one occurrence of <paramref name="snippet"/> in the current text.</summary>
    public LspRange RangeOf(string snippet) => LspRange.Of(Text, OffsetOf(snippet), snippet.Length);

    /// <summary>Where the one occurrence of <paramref name="snippet"/> starts (more than one is a test-data error).</summary>
    public int OffsetOf(string snippet)
    {
        var first = Text.IndexOf(snippet, StringComparison.Ordinal);
        if (first < 0 || Text.IndexOf(snippet, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"'{snippet}' must occur exactly once in {Path}; it occurs {(first < 0 ? "nowhere" : "more than once")}.");
        }

        return first;
    }
}
