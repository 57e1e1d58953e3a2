using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK007: [doc] a WSAPROTOCOL_INFO filled by WSADuplicateSocket can be used only once to create a
/// socket, and .NET strongly discourages reusing one SocketInformation for several Socket objects.
/// Flags the second creation (WSASocket(FROM_PROTOCOL_INFO, …, info, …), new Socket(info)) from one
/// protocol info value, and a creation in a loop that does not fill the info again on every pass.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProtocolInfoUsedTwiceAnalyzer : SocketRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ProtocolInfoUsedTwice,
        title: "One protocol info used to create more than one socket",
        messageFormat: "'{0}' creates a socket from '{1}', {2}: the protocol info of one duplication creates one socket only; duplicate once per socket",
        RuleCategories.Reliability,
        description: "A WSAPROTOCOL_INFO returned by WSADuplicateSocket can be used only once by the target to create a socket (WSASocket with FROM_PROTOCOL_INFO), and .NET strongly discourages creating several Socket objects from one SocketInformation. Call WSADuplicateSocket (or DuplicateAndClose) once per socket to create.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        var creations = new List<Creation>();
        var fills = new List<SocketCall>();
        foreach (var call in model.Calls)
        {
            if (call.Kind == SocketOperationKind.CreateSocket && call[ArgumentRole.ProtocolInfo] is { } info && !info.IsNullOrZero())
            {
                creations.Add(new Creation(call, info, model.Resolver.ResolveDescriptor(info)));
            }
            else if (call.Kind == SocketOperationKind.DuplicateSocket && call[ArgumentRole.ProtocolInfo] is not null)
            {
                fills.Add(call);
            }
        }

        if (creations.Count == 0)
        {
            return;
        }

        var facts = new InfoFacts(model, fills, creations);
        var earlierByIdentity = new Dictionary<ValueIdentity, List<Creation>>();
        foreach (var creation in creations)
        {
            if (creation.Identity.Kind == IdentityKind.Null)
            {
                continue;
            }

            if (!earlierByIdentity.TryGetValue(creation.Identity, out var earlierOnes))
            {
                earlierOnes = new List<Creation>();
                earlierByIdentity[creation.Identity] = earlierOnes;
            }

            if (FindEarlierUse(earlierOnes, creation, facts) is { } earlier)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    creation.Call.Location,
                    additionalLocations: new[] { earlier.Location },
                    creation.Call.Display,
                    creation.Info.Syntax.ToDisplayText(),
                    $"which '{earlier.Display}' at {SourcePositions.Describe(earlier.Syntax, creation.Call.Syntax)} already used"));
            }
            else if (LoopStatements.Enclosing(creation.Call.Syntax) is { } loop
                     && RunsAgain(creation.Call, model)
                     && WriteIndex.StorageOf(creation.Info) is { } storage
                     && !IsFilledInLoop(loop, storage, creation.Call, facts))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    creation.Call.Location,
                    additionalLocations: new[] { LoopStatements.HeaderLocation(loop) },
                    creation.Call.Display,
                    creation.Info.Syntax.ToDisplayText(),
                    $"which the loop at {SourcePositions.Describe(loop, creation.Call.Syntax)} does not fill again on each pass"));
            }

            earlierOnes.Add(creation);
        }
    }

    /// <summary>An earlier creation from the same info value that can have run before this one.</summary>
    private static SocketCall? FindEarlierUse(List<Creation> earlierOnes, Creation creation, InfoFacts facts)
    {
        var later = creation.Call;
        for (var index = earlierOnes.Count - 1; index >= 0; index--)
        {
            var earlier = earlierOnes[index].Call;
            if (BranchRelations.AreMutuallyExclusive(earlier.Syntax, later.Syntax)
                || (earlier.Root == later.Root && !facts.Model.Order.CanRunBefore(earlier.Syntax, later.Syntax, earlier.Root)))
            {
                continue;
            }

            // CsWin32's `WSADuplicateSocketW(s, pid, &info)` refills one local in place between the two.
            if (earlier.Root == later.Root
                && WriteIndex.StorageOf(creation.Info) is { } storage
                && IsFilledBetween(storage, earlier.Syntax.Span.End, later.Syntax.SpanStart, later, facts))
            {
                continue;
            }

            return earlier;
        }

        return null;
    }

    /// <summary>
    /// The loop can bring the creation round again (not when every pass ends in <c>break</c>/<c>return</c>).
    /// In lambdas and local functions there is no graph to ask; the loop around the creation decides.
    /// </summary>
    private static bool RunsAgain(SocketCall creation, SocketTypeModel model)
    {
        for (var node = creation.Syntax.Parent; node is not null && node != creation.Root.Syntax; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return model.Order.CanRunBefore(creation.Syntax, creation.Syntax, creation.Root);
    }

    private static bool IsFilledInLoop(StatementSyntax loop, ISymbol storage, SocketCall creation, InfoFacts facts)
    {
        if (storage is ILocalSymbol local && IsDeclaredIn(local, loop))
        {
            return true;
        }

        return IsFilledBetween(storage, loop.SpanStart, loop.Span.End, creation, facts);
    }

    /// <summary>
    /// A write to the info's storage place in [start, end) of the creation's body: an assignment, an
    /// out argument, or a WSADuplicateSocket that fills it through a pointer. A creation's own
    /// <c>ref info</c> only reads it.
    /// </summary>
    private static bool IsFilledBetween(ISymbol storage, int start, int end, SocketCall creation, InfoFacts facts)
    {
        foreach (var fill in facts.Fills)
        {
            if (fill.Root == creation.Root
                && fill.Syntax.SpanStart >= start && fill.Syntax.SpanStart < end
                && SymbolEqualityComparer.Default.Equals(WriteIndex.StorageOf(fill[ArgumentRole.ProtocolInfo]!), storage))
            {
                return true;
            }
        }

        foreach (var write in facts.Model.Writes.In(creation.Root, storage))
        {
            if (write.GivesNewValue && write.Position >= start && write.Position < end && !facts.IsCreationRead(write.Syntax))
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct Creation
    {
        public Creation(SocketCall call, IOperation info, ValueIdentity identity)
        {
            Call = call;
            Info = info;
            Identity = identity;
        }

        public SocketCall Call { get; }

        public IOperation Info { get; }

        public ValueIdentity Identity { get; }
    }

    /// <summary>What the checks share for one type: the duplications that fill infos, and the creations' own reads.</summary>
    private sealed class InfoFacts
    {
        private readonly HashSet<SyntaxNode> creationInfoArguments = new();

        public InfoFacts(SocketTypeModel model, List<SocketCall> fills, List<Creation> creations)
        {
            Model = model;
            Fills = fills;
            foreach (var creation in creations)
            {
                if (creation.Info.Syntax.Parent is ArgumentSyntax argument)
                {
                    creationInfoArguments.Add(argument);
                }
            }
        }

        public SocketTypeModel Model { get; }

        public List<SocketCall> Fills { get; }

        /// <summary>The <c>ref info</c> argument of a creation: recorded as a write, but WSASocket only reads it.</summary>
        public bool IsCreationRead(SyntaxNode write) => creationInfoArguments.Contains(write);
    }

    private static bool IsDeclaredIn(ILocalSymbol local, StatementSyntax loop)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == loop.SyntaxTree && loop.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }
}
