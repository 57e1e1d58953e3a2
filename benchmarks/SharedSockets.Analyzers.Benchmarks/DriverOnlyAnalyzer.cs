using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// Registers the same kinds of actions as a SharedSockets rule (symbol start/end per named type, operation
/// actions for invocations, creations, assignments and initializers) and does nothing in them. Compiling
/// with it measures what the analyzer driver costs by itself (operation trees, event queue, per-type
/// bookkeeping), which a build pays once for every operation-based analyzer it runs (the SDK's own
/// included), so the SharedSockets rules' own cost can be told apart from it.
/// </summary>
#pragma warning disable RS1001, RS1036, RS1038, RS1041 // A measuring probe handed to CompilationWithAnalyzers directly, never shipped.
internal sealed class DriverOnlyAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001, RS1036, RS1038, RS1041
{
    private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(
        OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);

#pragma warning disable RS2008 // No release tracking for a probe that reports nothing.
    private static readonly DiagnosticDescriptor Never = new("BENCH001", "never reported", "never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

    private readonly bool registersMemberActions;

    /// <param name="registersMemberActions">False: a symbol-start action that registers nothing, the floor of what a symbol-start analyzer costs the driver.</param>
    public DriverOnlyAnalyzer(bool registersMemberActions = true) => this.registersMemberActions = registersMemberActions;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterSymbolStartAction(
            symbolStart =>
            {
                if (!registersMemberActions)
                {
                    return;
                }

                symbolStart.RegisterOperationAction(static _ => { }, Kinds);
                symbolStart.RegisterSymbolEndAction(static _ => { });
            },
            SymbolKind.NamedType));
    }
}
