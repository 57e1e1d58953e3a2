using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK002: [doc] WSAEventSelect/WSAAsyncSelect through any descriptor cancels every earlier
/// registration on the socket, so when a socket is duplicated, only one of its holders can get
/// notifications. Flags a WSADuplicateSocket whose source keeps (or makes) a registration without
/// closing its descriptor, and one to several processes (a loop, or two process ids) whose
/// descriptors built from the protocol info register events — in the same type (live) or, for a
/// worker class elsewhere in the compilation, at compilation end.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicatedToProcessesExpectingEventsAnalyzer : SocketRuleAnalyzer
{
    private const string Title = "Socket duplicated to processes that each expect their own notifications";
    private const string MessageFormat = "'{0}' duplicates '{1}' {2}: a socket keeps one event registration, whichever descriptor made it, so these registrations cancel each other";
    private const string Description = "WSADuplicateSocket copies a descriptor, not the socket. Issuing WSAEventSelect or WSAAsyncSelect through any descriptor of a socket cancels any previous registration made through any other, so a parent and its workers (or several workers) cannot each get their own notifications. Hand the socket off (duplicate, then closesocket in the source), or use threads that share one registration.";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DuplicatedToProcessesExpectingEvents, Title, MessageFormat, RuleCategories.Reliability, Description);

    /// <summary>The same rule, found at compilation end (the worker's registration is in another type).</summary>
    internal static readonly DiagnosticDescriptor CrossTypeRule = new(
        RuleIdentifiers.DuplicatedToProcessesExpectingEvents,
        Title,
        MessageFormat,
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: Description,
        helpLinkUri: RuleDescriptors.HelpUri(RuleIdentifiers.DuplicatedToProcessesExpectingEvents),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, CrossTypeRule);

    private protected override bool RequiresNativeSockets => true;

    /// <summary>The key of this rule's findings on a model: its per-type and its cross-type pass both read them.</summary>
    private static readonly object FindingsKey = new();

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        foreach (var diagnostic in FindingsOf(model))
        {
            if (diagnostic is not null)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }
    }

#pragma warning disable RS1013 // The base class registers the per-file actions on this same context.
    private protected override System.Action<SocketTypeModel>? StartCrossTypeAnalysis(CompilationStartAnalysisContext context)
#pragma warning restore RS1013
    {
        var parents = new ConcurrentQueue<(Duplication Duplication, INamedTypeSymbol Type)>();
        var workers = new ConcurrentQueue<(SocketCall Registration, ITypeSymbol InfoType, INamedTypeSymbol Type)>();
        context.RegisterCompilationEndAction(end => ReportAcrossTypes(end, parents, workers));
        return model =>
        {
            var duplications = model.Duplications;
            var findings = FindingsOf(model);
            for (var index = 0; index < duplications.Duplications.Length; index++)
            {
                var duplication = duplications.Duplications[index];
                if (duplication.IsForSeveralProcesses && !duplication.IsInProcess && duplication.InfoType is not null && findings[index] is null)
                {
                    parents.Enqueue((duplication, model.Type));
                }
            }

            foreach (var registration in duplications.Registrations)
            {
                if (registration.Duplication is null && registration.InfoType is { } infoType)
                {
                    workers.Enqueue((registration.Registration, infoType, model.Type));
                }
            }
        };
    }

    /// <summary>The diagnostic of each duplication of the type (null where the type alone shows no conflict), computed once.</summary>
    private static Diagnostic?[] FindingsOf(SocketTypeModel model) => model.Memo(FindingsKey, static m =>
    {
        var duplications = m.Duplications;
        if (duplications.Duplications.IsEmpty)
        {
            return System.Array.Empty<Diagnostic?>();
        }

        var calls = new TypeCalls(m);
        return duplications.Duplications.Select(duplication => Evaluate(duplication, duplications, calls, m)).ToArray();
    });

    private static Diagnostic? Evaluate(Duplication duplication, SocketDuplications duplications, TypeCalls calls, SocketTypeModel model)
    {
        // Registrations through descriptors of one process are SOCK001's: this rule is about other processes.
        if (duplication.IsInProcess)
        {
            return null;
        }

        if (FindKeptRegistration(duplication, calls, model) is { } kept)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Form, DiagnosticProperties.KeepsRegistrationForm)
                .Add(DiagnosticProperties.RegistersAfter, kept.RegistersAfter ? "true" : "false");
            return Diagnostic.Create(
                Rule,
                duplication.Call.Location,
                additionalLocations: new[] { kept.Registration.Location },
                properties,
                duplication.Call.Display,
                duplication.Socket.Name,
                $"but keeps its own registration '{kept.Registration.Display}' at {SourcePositions.Describe(kept.Registration.Syntax, duplication.Call.Syntax)} and does not close its descriptor");
        }

        if (!duplication.IsForSeveralProcesses)
        {
            return null;
        }

        var workers = duplications.Registrations
            .Where(worker => worker.Duplication == duplication
                             || (worker.Duplication is null && duplication.InfoType is not null && SymbolEqualityComparer.Default.Equals(worker.InfoType, duplication.InfoType)))
            .Select(worker => worker.Registration)
            .ToList();
        return workers.Count == 0 ? null : SeveralProcesses(Rule, duplication, workers);
    }

    private static Diagnostic SeveralProcesses(DiagnosticDescriptor descriptor, Duplication duplication, List<SocketCall> workers)
    {
        var first = workers[0];
        var how = duplication.InLoop
            ? "in a loop"
            : $"again with '{duplication.OtherDuplicate!.Display}' at {SourcePositions.Describe(duplication.OtherDuplicate.Syntax, duplication.Call.Syntax)}";
        var more = workers.Count > 1 ? $" (and {workers.Count - 1} more)" : string.Empty;
        return Diagnostic.Create(
            descriptor,
            duplication.Call.Location,
            additionalLocations: workers.Select(worker => worker.Location),
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Form, DiagnosticProperties.SeveralProcessesForm),
            duplication.Call.Display,
            duplication.Socket.Name,
            $"to several processes ({how}), and the descriptor built from its protocol info registers events with '{first.Display}' at {SourcePositions.Describe(first.Syntax, duplication.Call.Syntax)}{more}");
    }

    private static void ReportAcrossTypes(
        CompilationAnalysisContext context,
        ConcurrentQueue<(Duplication Duplication, INamedTypeSymbol Type)> parents,
        ConcurrentQueue<(SocketCall Registration, ITypeSymbol InfoType, INamedTypeSymbol Type)> workers)
    {
        if (parents.IsEmpty || workers.IsEmpty)
        {
            return;
        }

        foreach (var (duplication, type) in parents)
        {
            var matching = workers
                .Where(worker => SymbolEqualityComparer.Default.Equals(worker.InfoType, duplication.InfoType)
                                 && !SymbolEqualityComparer.Default.Equals(worker.Type, type))
                .Select(worker => worker.Registration)
                .OrderBy(registration => registration.Syntax, SourceOrder.Instance)
                .ToList();
            if (matching.Count > 0)
            {
                context.ReportDiagnostic(SeveralProcesses(CrossTypeRule, duplication, matching));
            }
        }
    }

    /// <summary>
    /// A registration through the source's own descriptor that is active after the duplication: made
    /// after it, or made before it and not cleared in between — while no closesocket of that
    /// descriptor follows the duplication (the hand-off).
    /// </summary>
    private static (SocketCall Registration, bool RegistersAfter)? FindKeptRegistration(Duplication duplication, TypeCalls calls, SocketTypeModel model)
    {
        var registrations = calls.RegistrationsOn(duplication.SourceDescriptor);
        if (registrations.Count == 0 || model.Lifetimes.HandOffReleaseOf(duplication.Call) is not null)
        {
            return null;
        }

        var dup = duplication.Call;

        // Registrations written after the duplication in its body, nearest first: usually one question.
        foreach (var registration in registrations)
        {
            if (registration.Root == dup.Root && registration.Syntax.SpanStart > dup.Syntax.SpanStart
                && !BranchRelations.AreMutuallyExclusive(dup.Syntax, registration.Syntax)
                && model.Order.CanRunBefore(dup, registration))
            {
                return (registration, true);
            }
        }

        // Then those before it and in other methods: still active unless cleared. In the duplication's
        // body only the nearest one that can run before it matters: a clear after it clears the older too.
        var decidedInBody = false;
        for (var index = registrations.Count - 1; index >= 0; index--)
        {
            var registration = registrations[index];
            var inBody = registration.Root == dup.Root;
            if (inBody && (decidedInBody || registration.Syntax.SpanStart > dup.Syntax.SpanStart || !model.Order.CanRunBefore(registration, dup)))
            {
                continue;
            }

            decidedInBody |= inBody;
            if (IsActiveAt(registration, duplication, model))
            {
                return (registration, RegistersAgainInLoop(registration, dup, model));
            }
        }

        return null;
    }

    /// <summary>A registration before the duplication in one loop body also runs after it, on the next pass.</summary>
    private static bool RegistersAgainInLoop(SocketCall registration, SocketCall duplicate, SocketTypeModel model) =>
        registration.Root == duplicate.Root && LoopStatements.RunsInLoop(registration.Syntax) && model.Order.CanRunBefore(duplicate, registration);

    /// <summary>Whether a registration that can run before the duplication is still in force when it runs (no clear in between).</summary>
    private static bool IsActiveAt(SocketCall registration, Duplication duplication, SocketTypeModel model) =>
        model.Registrations.IsClearedBetween(registration, duplication.Call, new OrderBudget()) == false;

    /// <summary>The type's registrations by descriptor, indexed once.</summary>
    private sealed class TypeCalls
    {
        private static readonly List<SocketCall> None = new();
        private readonly Dictionary<ValueIdentity, List<SocketCall>> registrations = new();

        public TypeCalls(SocketTypeModel model)
        {
            foreach (var call in model.Calls)
            {
                if (EventRegistrations.IsRegistration(call) && model.DescriptorOf(call) is { } registered)
                {
                    Add(registrations, registered, call);
                }
            }
        }

        public List<SocketCall> RegistrationsOn(ValueIdentity descriptor) => registrations.TryGetValue(descriptor, out var list) ? list : None;


        private static void Add(Dictionary<ValueIdentity, List<SocketCall>> index, ValueIdentity key, SocketCall call)
        {
            if (!index.TryGetValue(key, out var list))
            {
                list = new List<SocketCall>();
                index[key] = list;
            }

            list.Add(call);
        }
    }

    private sealed class SourceOrder : IComparer<SyntaxNode>
    {
        public static readonly SourceOrder Instance = new();

        public int Compare(SyntaxNode? x, SyntaxNode? y) => OperationExtensions.CompareSourceOrder(x!, y!);
    }
}
