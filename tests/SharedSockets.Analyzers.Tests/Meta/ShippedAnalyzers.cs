using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers;
using SharedSockets.CodeFixes.Fixes;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// Every analyzer and code fix the packages ship, found by reflection the way the compiler and the
/// IDE find them, so a rule added later is covered by the meta and robustness tests automatically.
/// </summary>
internal static class ShippedAnalyzers
{
    public static Assembly AnalyzerAssembly => typeof(RuleIdentifiers).Assembly;

    public static Assembly CodeFixAssembly => typeof(EventRegistrationCancelsEarlierFixProvider).Assembly;

    /// <summary>Non-abstract <see cref="DiagnosticAnalyzer"/> types carrying <c>[DiagnosticAnalyzer]</c>.</summary>
    public static ImmutableArray<Type> AnalyzerTypes { get; } = Discover<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>(AnalyzerAssembly);

    /// <summary>Non-abstract <see cref="CodeFixProvider"/> types carrying <c>[ExportCodeFixProvider]</c>.</summary>
    public static ImmutableArray<Type> CodeFixProviderTypes { get; } = Discover<CodeFixProvider, ExportCodeFixProviderAttribute>(CodeFixAssembly);

    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() =>
        AnalyzerTypes.Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!).ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CreateCodeFixProviders() =>
        CodeFixProviderTypes.Select(type => (CodeFixProvider)Activator.CreateInstance(type)!).ToImmutableArray();

    /// <summary>The public constants of <see cref="RuleIdentifiers"/>: the ids the project declares.</summary>
    public static ImmutableArray<string> DeclaredIds { get; } = typeof(RuleIdentifiers)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Analyzer type and descriptor pairs, one per supported descriptor.</summary>
    public static IEnumerable<(Type Analyzer, DiagnosticDescriptor Descriptor)> Descriptors() =>
        from analyzer in CreateAnalyzers()
        from descriptor in analyzer.SupportedDiagnostics
        select (analyzer.GetType(), descriptor);

    private static ImmutableArray<Type> Discover<TBase, TAttribute>(Assembly assembly)
        where TAttribute : Attribute =>
        assembly.GetTypes()
            .Where(type => typeof(TBase).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<TAttribute>() is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToImmutableArray();
}
