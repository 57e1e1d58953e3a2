using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// The shape every rule shares: concurrent, generated code skipped, a bail-out when the compilation
/// cannot touch sockets, and the socket model of each relevant type, analysed from the file that
/// declares it (a semantic-model action, so diagnostics appear live in the IDE for that file).
/// A rule only says what it checks in <see cref="AnalyzeType"/>.
/// </summary>
/// <remarks>
/// Why not symbol-start and operation actions: the analyzer driver keeps per-symbol state for every
/// analyzer that registers a symbol-start action, on every type of the compilation; for eight rules
/// that cost more than all their checks (see the analyzer benchmark). One action per file and the
/// type's operations read from the file's semantic model, once for all rules, cost a fraction.
/// </remarks>
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

    private protected abstract void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context);

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
        var sockets = SocketCompilation.For(context.Compilation);
        if (RequiresNativeSockets ? !sockets.MayUseNativeSockets : !sockets.MayUseNativeSockets && sockets.Types.Socket is null)
        {
            return;
        }

        // System.Net.Sockets is in every reference pack: what decides is whether the source uses it.
        var relevance = sockets.Relevance;
        if (relevance.IsEmpty)
        {
            return;
        }

        var crossType = StartCrossTypeAnalysis(context);
        context.RegisterSemanticModelAction(fileContext =>
        {
            var semanticModel = fileContext.SemanticModel;
            var compilation = semanticModel.Compilation;
            foreach (var type in relevance.TypesDeclaredFirstIn(semanticModel, fileContext.CancellationToken))
            {
                var model = sockets.Models.Of(type, tree => ModelOf(tree, semanticModel), fileContext.CancellationToken);
                if (model.IsEmpty)
                {
                    continue;
                }

                AnalyzeType(model, new TypeAnalysisContext(type, compilation, fileContext.ReportDiagnostic, fileContext.CancellationToken));
                crossType?.Invoke(model);
            }
        });
    }

    /// <summary>The file's own semantic model, or (for another part of a partial type) the compilation's cached one for that file.</summary>
    private static SemanticModel ModelOf(SyntaxTree tree, SemanticModel fileModel) =>
#pragma warning disable RS1030 // Another file of the same partial type: under the analyzer driver this returns the driver's cached model.
        tree == fileModel.SyntaxTree ? fileModel : fileModel.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
}
