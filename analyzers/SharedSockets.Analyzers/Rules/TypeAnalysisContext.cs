using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Rules;

/// <summary>What a rule needs while it checks one type's model: where to report, and the compilation.</summary>
internal readonly struct TypeAnalysisContext
{
    private readonly Action<Diagnostic> report;

    public TypeAnalysisContext(INamedTypeSymbol type, Compilation compilation, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        Symbol = type;
        Compilation = compilation;
        this.report = report;
        CancellationToken = cancellationToken;
    }

    public INamedTypeSymbol Symbol { get; }

    public Compilation Compilation { get; }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => report(diagnostic);
}
