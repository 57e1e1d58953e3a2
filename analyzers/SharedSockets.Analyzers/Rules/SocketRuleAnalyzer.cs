using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// The shape every rule shares: concurrent, generated code skipped, a bail-out when the compilation
/// cannot touch sockets, and the socket model of each type built by symbol-start/end actions (so
/// facts spanning the methods of a type are seen, and diagnostics appear live in the IDE).
/// A rule only says what it checks in <see cref="AnalyzeType"/>.
/// </summary>
public abstract class SocketRuleAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Rules about Winsock calls only: skipped entirely where nothing binds ws2_32.</summary>
    private protected virtual bool RequiresNativeSockets => false;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private protected abstract void AnalyzeType(SocketTypeModel model, SymbolAnalysisContext context);

    /// <summary>
    /// For the few facts that span types (a parent's duplication in one class, the worker that
    /// registers events in another): called once per compilation, after the bail-out; the returned
    /// callback sees every type's model right after <see cref="AnalyzeType"/>, and the rule registers
    /// its own compilation-end action on <paramref name="context"/>. Null (the default) keeps a rule
    /// per type only, live in the IDE.
    /// </summary>
#pragma warning disable RS1012 // The default registers nothing on purpose: a rule that overrides it registers its compilation-end action.
    private protected virtual System.Action<SocketTypeModel>? StartCrossTypeAnalysis(CompilationStartAnalysisContext context) => null;
#pragma warning restore RS1012

    private void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var catalog = SocketApiCatalog.For(context.Compilation);
        if (RequiresNativeSockets ? !catalog.MayUseNativeSockets : !catalog.MayUseNativeSockets && catalog.Types.Socket is null)
        {
            return;
        }

        // System.Net.Sockets is in every reference pack: what decides is whether the source uses it.
        var relevance = catalog.Relevance;
        if (relevance.IsEmpty)
        {
            return;
        }

        var crossType = StartCrossTypeAnalysis(context);
        context.RegisterSymbolStartAction(
            symbolStart =>
            {
                var type = (INamedTypeSymbol)symbolStart.Symbol;
                if (!relevance.IsRelevant(type))
                {
                    return;
                }

                // Shared with the other rules: the first rule to visit an operation binds it for all.
                var facts = catalog.TypeFacts.Acquire(type);
                symbolStart.RegisterOperationAction(facts.Observe, TypeSocketFacts.ObservedKinds);
                symbolStart.RegisterSymbolEndAction(symbolEnd =>
                {
                    try
                    {
                        if (!facts.IsEmpty)
                        {
                            var model = facts.Freeze();
                            AnalyzeType(model, symbolEnd);
                            crossType?.Invoke(model);
                        }
                    }
                    finally
                    {
                        catalog.TypeFacts.Release(facts);
                    }
                });
            },
            SymbolKind.NamedType);
    }
}
