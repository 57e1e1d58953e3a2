using System.Text.Json.Nodes;

namespace SharedSockets.Packaging.Tests.Editor.Lsp;

/// <summary>One diagnostic of a <c>textDocument/publishDiagnostics</c> notification, with the JSON it came as.</summary>
public sealed record PublishedDiagnostic(string? Code, string? HelpLink, LspRange Range, int? Severity, string Message, string Json)
{
    public const string PublishMethod = "textDocument/publishDiagnostics";

    /// <summary>The diagnostics of one publication (its <c>params</c>).</summary>
    public static IReadOnlyList<PublishedDiagnostic> ListFrom(JsonNode? publication) =>
        (publication?["diagnostics"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(d => new PublishedDiagnostic(
                d["code"] is JsonValue code ? (code.TryGetValue<string>(out var text) ? text : code.ToJsonString()) : null,
                d["codeDescription"]?["href"]?.GetValue<string>(),
                LspRange.From(d["range"]),
                d["severity"]?.GetValue<int>(),
                d["message"]?.GetValue<string>() ?? string.Empty,
                d.ToJsonString()))
            .ToList();

    public override string ToString() => Json;
}
