using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// Runs an analyzer unchanged and adds up the thread CPU time spent inside every action it registers
/// (compilation start, symbol start, operation, symbol end, compilation end). The driver's own telemetry
/// (what <c>-p:ReportAnalyzer=true</c> prints) is wall-clock: on a busy 2-core machine it also counts
/// the time a callback's thread is preempted by the compiler's threads, and it charges one-time work
/// of the compilation (binding the references) to whichever analyzer happens to start first.
/// </summary>
#pragma warning disable RS1001, RS1012, RS1025, RS1026, RS1036, RS1038, RS1041 // A measuring wrapper handed to CompilationWithAnalyzers directly, never shipped; it forwards what the wrapped analyzer registers.
internal sealed class CpuTimedAnalyzer : DiagnosticAnalyzer
{
    private readonly DiagnosticAnalyzer inner;
    private long nanoseconds;
    private long callbacks;

    public CpuTimedAnalyzer(DiagnosticAnalyzer inner) => this.inner = inner;

    public string Name => inner.GetType().Name;

    /// <summary>The thread CPU time inside the analyzer's actions, less the clock's own cost per timed callback.</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks((long)Math.Max(0, (Interlocked.Read(ref nanoseconds) - (Interlocked.Read(ref callbacks) * ThreadCpuClock.EmptyIntervalNanoseconds)) / 100));

    /// <summary>How many action callbacks ran.</summary>
    public long Callbacks => Interlocked.Read(ref callbacks);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => inner.Initialize(new TimedAnalysisContext(context, this));

    private Action<T> Timed<T>(Action<T> action) => argument =>
    {
        var start = ThreadCpuClock.Now();
        try
        {
            action(argument);
        }
        finally
        {
            Interlocked.Add(ref nanoseconds, ThreadCpuClock.Now() - start);
            Interlocked.Increment(ref callbacks);
        }
    };

    private sealed class TimedAnalysisContext : AnalysisContext
    {
        private readonly AnalysisContext context;
        private readonly CpuTimedAnalyzer owner;

        public TimedAnalysisContext(AnalysisContext context, CpuTimedAnalyzer owner)
        {
            this.context = context;
            this.owner = owner;
        }

        public override void EnableConcurrentExecution() => context.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => context.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            context.RegisterCompilationStartAction(owner.Timed<CompilationStartAnalysisContext>(start => action(new TimedCompilationStartContext(start, owner))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => context.RegisterCompilationAction(owner.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => context.RegisterSyntaxTreeAction(owner.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => context.RegisterSemanticModelAction(owner.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => context.RegisterSymbolAction(owner.Timed(action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => context.RegisterCodeBlockAction(owner.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => context.RegisterSyntaxNodeAction(owner.Timed(action), syntaxKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            context.RegisterSymbolStartAction(owner.Timed<SymbolStartAnalysisContext>(start => action(new TimedSymbolStartContext(start, owner))), symbolKind);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => context.RegisterOperationAction(owner.Timed(action), operationKinds);
    }

    private sealed class TimedCompilationStartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext context;
        private readonly CpuTimedAnalyzer owner;

        public TimedCompilationStartContext(CompilationStartAnalysisContext context, CpuTimedAnalyzer owner)
            : base(context.Compilation, context.Options, context.CancellationToken)
        {
            this.context = context;
            this.owner = owner;
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => context.RegisterCompilationEndAction(owner.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => context.RegisterSemanticModelAction(owner.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => context.RegisterSymbolAction(owner.Timed(action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => context.RegisterCodeBlockAction(owner.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => context.RegisterSyntaxTreeAction(owner.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => context.RegisterSyntaxNodeAction(owner.Timed(action), syntaxKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            context.RegisterSymbolStartAction(owner.Timed<SymbolStartAnalysisContext>(start => action(new TimedSymbolStartContext(start, owner))), symbolKind);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => context.RegisterOperationAction(owner.Timed(action), operationKinds);
    }

    private sealed class TimedSymbolStartContext : SymbolStartAnalysisContext
    {
        private readonly SymbolStartAnalysisContext context;
        private readonly CpuTimedAnalyzer owner;

        // The public constructor is marked obsolete for analyzer hosts; a forwarding wrapper is what it is still for.
#pragma warning disable CS0618
        public TimedSymbolStartContext(SymbolStartAnalysisContext context, CpuTimedAnalyzer owner)
            : base(context.Symbol, context.Compilation, context.Options, context.CancellationToken)
        {
            this.context = context;
            this.owner = owner;
        }
#pragma warning restore CS0618

        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => context.RegisterSymbolEndAction(owner.Timed(action));

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => context.RegisterCodeBlockAction(owner.Timed(action));

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw Unsupported();

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => context.RegisterOperationBlockAction(owner.Timed(action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => context.RegisterOperationAction(owner.Timed(action), operationKinds);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => context.RegisterSyntaxNodeAction(owner.Timed(action), syntaxKinds);
    }

    // Start actions of code blocks would need one more wrapper each; the rules register none.
    private static NotSupportedException Unsupported() => new("The SharedSockets rules register no code-block or operation-block start actions; time them before using this wrapper on other analyzers.");
}
#pragma warning restore RS1001, RS1012, RS1025, RS1026, RS1036, RS1038, RS1041
