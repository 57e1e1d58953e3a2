using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Rules;

namespace SharedSockets.Analyzers.FixSupport;

/// <summary>
/// The analyzer that reports a rule, for Fix All: after each single fix it asks the rule again, so every
/// next fix starts from the diagnostics of the code as the previous fixes left it.
/// </summary>
internal static class RuleAnalyzers
{
    private static readonly ConcurrentDictionary<string, ImmutableArray<DiagnosticAnalyzer>> ById = new(StringComparer.Ordinal);

    public static ImmutableArray<DiagnosticAnalyzer> For(string id) => ById.GetOrAdd(id, static wanted =>
        typeof(SocketRuleAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(SocketRuleAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == wanted))
            .ToImmutableArray());
}
