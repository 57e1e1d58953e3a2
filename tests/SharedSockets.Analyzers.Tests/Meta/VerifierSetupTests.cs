using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.CodeFixes.Fixes;
using Xunit;
using Blocking = SharedSockets.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SharedSockets.Analyzers.Rules.BlockingModeOnSharedSocketAnalyzer,
    SharedSockets.CodeFixes.Fixes.ClearRegistrationBeforeBlockingFixProvider>;
using Cancels = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Rules.EventRegistrationCancelsEarlierAnalyzer>;
using Throwing = SharedSockets.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SharedSockets.Analyzers.Tests.Meta.VerifierSetupTests.ThrowingAnalyzer>;

// A test-only analyzer: never shipped, so the rules for shipped analyzers (release tracking,
// no Workspaces reference, netstandard2.0) do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// The little our verifiers add to Microsoft.CodeAnalysis.Testing (the bindings document,
/// <c>ExpectNoFix</c>, severities from configuration, AD0001 as an error) fails when it should.
/// </summary>
public sealed class VerifierSetupTests
{
    private const string RegistrationThenBlocking = """
        using System;
        using static NativeMethods;

        class Connection
        {
            void Drain(IntPtr socket, IntPtr readEvent)
            {
                WSAEventSelect(socket, readEvent, FD_READ);
                uint blocking = 0;
                [|ioctlsocket(socket, FIONBIO, ref blocking)|];
            }
        }
        """;

    private const string TwoRegistrations = """
        using System;
        using static NativeMethods;

        class Roles
        {
            void Run(IntPtr s, IntPtr a, IntPtr b)
            {
                {|#0:WSAEventSelect(s, a, FD_READ)|};
                {|#1:WSAEventSelect(s, b, FD_WRITE)|};
            }
        }
        """;

    [Fact]
    public async Task ExpectNoFix_FailsWhenTheFixIsOffered()
    {
        var test = new Blocking.Test
        {
            TestCode = RegistrationThenBlocking,
            ExpectNoFix = true,
            CodeActionEquivalenceKey = ClearRegistrationBeforeBlockingFixProvider.ClearRegistrationKey,
        };

        await Assert.ThrowsAnyAsync<Exception>(() => test.RunAsync());
    }

    [Fact]
    public async Task WithoutTheBindingsDocument_TheTestCodeDoesNotCompile()
    {
        var test = new Cancels.Test { TestCode = TwoRegistrations, Interop = null };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => test.RunAsync());
        Assert.Contains("CS0103", failure.Message);
    }

    [Theory]
    [InlineData(null, DiagnosticSeverity.Error, false)]
    [InlineData("dotnet_diagnostic.SOCK001.severity = error", DiagnosticSeverity.Error, true)]
    [InlineData("dotnet_diagnostic.SOCK001.severity = error", DiagnosticSeverity.Warning, false)]
    [InlineData("dotnet_analyzer_diagnostic.category-Reliability.severity = suggestion", DiagnosticSeverity.Info, true)]
    public async Task ExpectedSeverity_IsTheOneTheConfigurationGives(string? editorConfig, DiagnosticSeverity expected, bool passes)
    {
        var test = new Cancels.Test
        {
            TestCode = TwoRegistrations,
            ExpectedDiagnostics =
            {
                Cancels.Diagnostic().WithLocation(1).WithLocation(0).WithSeverity(expected).WithMessage(null),
            },
        };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "[*.cs]\n" + editorConfig));
        }

        if (passes)
        {
            await test.RunAsync();
        }
        else
        {
            await Assert.ThrowsAnyAsync<Exception>(() => test.RunAsync());
        }
    }

    [Fact]
    public async Task AnAnalyzerException_FailsTheTestAsAD0001()
    {
        var test = new Throwing.Test { TestCode = "class C { }", Interop = null };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => test.RunAsync());
        Assert.Contains("AD0001", failure.Message);
    }

    /// <summary>Throws on every class declaration.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST001", "Test", "Test", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("boom"), Microsoft.CodeAnalysis.CSharp.SyntaxKind.ClassDeclaration);
        }
    }
}
