using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

// Test-only analyzers: never shipped, so the rules for shipped analyzers (release tracking,
// no Workspaces reference, netstandard2.0) do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

namespace SharedSockets.Analyzers.Tests.VerifierTests;

/// <summary>Descriptors of the test-only analyzers: small and predictable, so the verifier is what is tested.</summary>
internal static class TestRules
{
    public const string HelpLink = "https://example.invalid/verifier-tests";

    public static readonly DiagnosticDescriptor FlagCall = new(
        "TEST001", "Call to Flag", "Flag called with {0} argument(s)", "Testing", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor Throws = new(
        "TEST002", "Throws", "Never reported", "Testing", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor AlphaCall = new(
        "TEST003", "Call to Alpha", "Alpha called", "Testing", DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor BetaCall = new(
        "TEST004", "Call to Beta", "Beta called", "Testing", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor NoHelpLink = new(
        "TEST005", "No help link", "Flag called", "Testing", DiagnosticSeverity.Warning, isEnabledByDefault: true);
}

/// <summary>
/// TEST001 on every call to a method named <c>Flag</c>; the arguments are the additional locations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlagCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRules.FlagCall];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(
            operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                if (invocation.TargetMethod.Name != "Flag")
                {
                    return;
                }

                var arguments = invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax
                    ? syntax.ArgumentList.Arguments.Select(argument => argument.GetLocation()).ToList()
                    : [];
                operationContext.ReportDiagnostic(Diagnostic.Create(
                    TestRules.FlagCall, invocation.Syntax.GetLocation(), additionalLocations: arguments, messageArgs: arguments.Count));
            },
            OperationKind.Invocation);
    }
}

/// <summary>TEST002's analyzer throws on every invocation: the verifier must turn that (AD0001) into a failure.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public const string ExceptionMessage = "Test analyzer failure: invocation walk fell over";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRules.Throws];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => throw new InvalidOperationException(ExceptionMessage), OperationKind.Invocation);
    }
}

/// <summary>Two ids: TEST003 (Info) on calls to <c>Alpha</c>, TEST004 (Warning) on calls to <c>Beta</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AlphaBetaAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRules.AlphaCall, TestRules.BetaCall];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(
            operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                var descriptor = invocation.TargetMethod.Name switch
                {
                    "Alpha" => TestRules.AlphaCall,
                    "Beta" => TestRules.BetaCall,
                    _ => null,
                };
                if (descriptor is not null)
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(descriptor, invocation.Syntax.GetLocation()));
                }
            },
            OperationKind.Invocation);
    }
}

/// <summary>TEST005 on calls to <c>Flag</c>, from a descriptor without a help link.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoHelpLinkAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRules.NoHelpLink];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(
            operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                if (invocation.TargetMethod.Name == "Flag")
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(TestRules.NoHelpLink, invocation.Syntax.GetLocation()));
                }
            },
            OperationKind.Invocation);
    }
}
