using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK006: <c>Socket.DuplicateAndClose</c> duplicates the socket for the target process and closes the
/// local <c>Socket</c> ([.NET] "the Socket is unusable afterwards"). Flags any use of that same Socket
/// object that can run after it: in the same body on the control-flow graph (branches, loops), through
/// aliases and fields, and one level into the type's own methods called after it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseAfterDuplicateAndCloseAnalyzer : SocketRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UseAfterDuplicateAndClose,
        title: "Socket used after DuplicateAndClose",
        messageFormat: "'{0}' uses '{1}' after '{2}' at {3} closed it{4}: DuplicateAndClose hands the socket to the target process and disposes this Socket object",
        RuleCategories.Reliability,
        description: "Socket.DuplicateAndClose duplicates the socket for another process and closes the local Socket object. Any later use of that object fails with ObjectDisposedException, or acts on a handle value that may already denote another object. Dispose/Close afterwards and the returned SocketInformation are fine.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        var handOffsByBody = new Dictionary<IOperation, List<(SocketCall Call, ValueIdentity Closed)>>();
        foreach (var call in model.Calls)
        {
            if (call.Kind == SocketOperationKind.DuplicateAndClose
                && model.DescriptorOf(call) is { Kind: not IdentityKind.Null } closed)
            {
                if (!handOffsByBody.TryGetValue(call.Root, out var list))
                {
                    list = new List<(SocketCall, ValueIdentity)>();
                    handOffsByBody[call.Root] = list;
                }

                list.Add((call, closed));
            }
        }

        if (handOffsByBody.Count == 0)
        {
            return;
        }

        var types = model.Types;
        var usesByBody = new Dictionary<IOperation, List<SocketObjectUse>>();
        var reportedCalls = new HashSet<SyntaxNode>();
        foreach (var pair in handOffsByBody)
        {
            foreach (var use in UsesIn(pair.Key, types, usesByBody))
            {
                if (!use.ReleasesObject && FindHandOffBefore(use, pair.Value, model) is { } handOff)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        use.Syntax.GetLocation(),
                        additionalLocations: new[] { handOff.Location },
                        use.Syntax.ToDisplayText(),
                        use.Receiver.Syntax.ToDisplayText(),
                        handOff.Display,
                        SourcePositions.Describe(handOff.Syntax, use.Syntax),
                        use.Syntax.SpanStart <= handOff.Syntax.SpanStart ? " on an earlier pass of the loop" : string.Empty));
                }
            }

            // A field stays closed across methods: one level into the type's own methods called afterwards.
            foreach (var (handOff, closed) in pair.Value)
            {
                if (WriteIndex.StorageOf(handOff[ArgumentRole.Socket]!) is { Kind: SymbolKind.Field or SymbolKind.Property } field)
                {
                    ReportCalleeUses(handOff, field, closed, model, types, usesByBody, reportedCalls, context);
                }
            }
        }
    }

    /// <summary>
    /// The hand-off this use can run after: the nearest one before it in the body, else one later in
    /// the body that a loop brings round before it. Each use is reported once.
    /// </summary>
    private static SocketCall? FindHandOffBefore(SocketObjectUse use, List<(SocketCall Call, ValueIdentity Closed)> handOffs, SocketTypeModel model)
    {
        ValueIdentity? used = null;
        var start = use.Syntax.SpanStart;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var index = handOffs.Count - 1; index >= 0; index--)
            {
                var (handOff, closed) = handOffs[index];
                if ((handOff.Syntax.SpanStart < start) != (pass == 0))
                {
                    continue;
                }

                used ??= model.Resolver.ResolveDescriptor(use.Receiver);
                if (closed.Equals(used) && IsUseAfter(handOff, use, model))
                {
                    return handOff;
                }
            }
        }

        return null;
    }

    private static List<SocketObjectUse> UsesIn(IOperation root, SocketTypes types, Dictionary<IOperation, List<SocketObjectUse>> cache)
    {
        if (!cache.TryGetValue(root, out var uses))
        {
            uses = SocketObjectUses.In(root, types);
            cache[root] = uses;
        }

        return uses;
    }

    private static bool IsUseAfter(SocketCall handOff, SocketObjectUse use, SocketTypeModel model)
    {
        // The hand-off itself counts only when a loop runs it again on the closed object.
        var isHandOffItself = use.Syntax == handOff.Syntax;
        if ((!isHandOffItself && (handOff.Syntax.Span.Contains(use.Syntax.Span) || use.Syntax.Span.Contains(handOff.Syntax.Span)))
            || !model.Order.CanRunBefore(handOff.Syntax, use.Syntax, handOff.Root))
        {
            return false;
        }

        return !IsGivenNewValueBetween(handOff, use, model.Writes);
    }

    /// <summary>
    /// The variable the use reads was assigned again between the hand-off and the use (in source order),
    /// or, for a use that only runs after it on a later pass of a loop, somewhere in that loop.
    /// </summary>
    private static bool IsGivenNewValueBetween(SocketCall handOff, SocketObjectUse use, WriteIndex writes)
    {
        if (WriteIndex.StorageOf(use.Receiver) is not { } storage)
        {
            return false;
        }

        var useStart = use.Syntax.SpanStart;
        var handOffEnd = handOff.Syntax.Span.End;
        if (useStart > handOffEnd)
        {
            return writes.HasNewValueBetween(handOff.Root, storage, handOffEnd, useStart);
        }

        if (LoopStatements.EnclosingBoth(handOff.Syntax, use.Syntax) is not { } loop)
        {
            return false;
        }

        if (storage is ILocalSymbol local && IsDeclaredIn(local, loop))
        {
            return true;
        }

        foreach (var write in writes.In(handOff.Root, storage))
        {
            if (write.GivesNewValue && loop.Span.Contains(write.Syntax.Span) && (write.Position < useStart || write.Position >= handOffEnd))
            {
                return true;
            }
        }

        return false;
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

    /// <summary><c>socket.DuplicateAndClose(pid); Goodbye();</c> where <c>Goodbye</c> sends through the same field.</summary>
    private static void ReportCalleeUses(
        SocketCall handOff,
        ISymbol field,
        ValueIdentity closed,
        SocketTypeModel model,
        SocketTypes types,
        Dictionary<IOperation, List<SocketObjectUse>> usesByBody,
        HashSet<SyntaxNode> reportedCalls,
        TypeAnalysisContext context)
    {
        foreach (var operation in handOff.Root.Descendants())
        {
            if (operation is not IInvocationOperation { Instance: null or IInstanceReferenceOperation } call
                || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, model.Type)
                || call.Syntax.SpanStart < handOff.Syntax.Span.End
                || !model.Order.CanRunBefore(handOff.Syntax, call.Syntax, handOff.Root)
                || BodyOf(call.TargetMethod, context) is not { } body)
            {
                continue;
            }

            // `socket.DuplicateAndClose(pid); socket = Accept(); Serve();` serves the new socket.
            if (model.Writes.HasNewValueBetween(handOff.Root, field, handOff.Syntax.Span.End, call.Syntax.SpanStart))
            {
                continue;
            }

            foreach (var use in UsesIn(body, types, usesByBody))
            {
                if (!use.ReleasesObject
                    && WriteIndex.StorageOf(use.Receiver) is IFieldSymbol or IPropertySymbol
                    && closed.Equals(model.Resolver.ResolveDescriptor(use.Receiver))
                    && reportedCalls.Add(call.Syntax))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        call.Syntax.GetLocation(),
                        additionalLocations: new[] { handOff.Location, use.Syntax.GetLocation() },
                        call.Syntax.ToDisplayText(),
                        use.Receiver.Syntax.ToDisplayText(),
                        handOff.Display,
                        SourcePositions.Describe(handOff.Syntax, call.Syntax),
                        $" (in '{use.Syntax.ToDisplayText()}')"));
                    break;
                }
            }
        }
    }

    private static IOperation? BodyOf(IMethodSymbol method, TypeAnalysisContext context)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern)
        {
            return null;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(context.CancellationToken);
            if (declaration is not MethodDeclarationSyntax { Body: not null } and not MethodDeclarationSyntax { ExpressionBody: not null }
                || !context.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // The callee may live in another file of the type; the driver caches semantic models.
            return context.Compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration, context.CancellationToken);
#pragma warning restore RS1030
        }

        return null;
    }
}
