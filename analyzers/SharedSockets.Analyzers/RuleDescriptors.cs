using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers;

/// <summary>Builds descriptors the same way for every rule: warning, enabled, help page under docs/rules.</summary>
internal static class RuleDescriptors
{
    public const string HelpBaseUri = RuleHelpLinks.BaseUri;

    public static string HelpUri(string id) => HelpBaseUri + id + ".md";

    public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, string description) =>
        new(
            id,
            title,
            messageFormat,
            category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpUri(id));
}

/// <summary>Diagnostic categories.</summary>
internal static class RuleCategories
{
    public const string Reliability = "Reliability";
}
