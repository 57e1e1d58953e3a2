using Microsoft.CodeAnalysis;
using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.VerifierTests;

/// <summary>The verifier compares diagnostics: it passes when they agree and fails, saying why, when not.</summary>
public sealed class DiagnosticVerificationTests
{
    private const string OneFlagCall = """
        using static Calls;

        class C
        {
            void M(int a, int b)
            {
                [|Flag(a, b)|];
            }
        }
        """;

    private static ProjectBuilder Flagging(string code) =>
        ProjectBuilder.Create()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode(code);

    [Fact]
    public Task ExactSpan_Passes() => Flagging(OneFlagCall).ValidateAsync();

    [Fact]
    public Task NoMarkup_NoDiagnostic_Passes() =>
        Flagging("""
            class C
            {
                int M() => 42;
            }
            """).ValidateAsync();

    [Fact]
    public Task IdMessageSeverityAndAdditionalLocations_Pass() =>
        Flagging("""
            using static Calls;

            class C
            {
                void M(int a, int b) => [|Flag({|#0:a|}, {|#1:b|})|];
            }
            """)
            .ShouldReportDiagnostic("TEST001", "Flag called with 2 argument(s)", DiagnosticSeverity.Warning, "#0", "#1")
            .ValidateAsync();

    [Fact]
    public async Task WrongSpan_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            using static Calls;

            class C
            {
                void M(int a, int b)
                {
                    [|Flag(a, b);|]
                }
            }
            """));

        Assert.Contains("Missing diagnostic: Test0.cs(7,9)-(7,20): TEST001", message);
        Assert.Contains("TEST001 was reported at Test0.cs(7,9)-(7,19) instead: wrong span?", message);
        Assert.Contains("Unexpected diagnostic: Test0.cs(7,9)-(7,19): warning TEST001: Flag called with 2 argument(s)", message);
    }

    [Fact]
    public async Task WrongId_Fails()
    {
        var message = await VerifierAssert.FailsAsync(ProjectBuilder.Create()
            .WithAnalyzer<AlphaBetaAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    int M() => {|TEST003:Calls.Beta()|};
                }
                """));

        Assert.Contains("Missing diagnostic: Test0.cs(3,16)-(3,28): TEST003 (the span has TEST004 instead: wrong id?)", message);
        Assert.Contains("Unexpected diagnostic: Test0.cs(3,16)-(3,28): warning TEST004: Beta called", message);
    }

    [Fact]
    public async Task MissingDiagnostic_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            using static Calls;

            class C
            {
                int M() => [|Alpha()|];
            }
            """));

        Assert.Contains("Missing diagnostic: Test0.cs(5,16)-(5,23): TEST001", message);
        Assert.Contains("Actual (0):", message);
    }

    [Fact]
    public async Task ExtraDiagnostic_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            using static Calls;

            class C
            {
                void M()
                {
                    [|Flag(1)|];
                    Flag(2, 3);
                }
            }
            """));

        Assert.Contains("Unexpected diagnostic: Test0.cs(8,9)-(8,19): warning TEST001: Flag called with 2 argument(s)", message);
        Assert.DoesNotContain("Missing diagnostic", message);
    }

    [Fact]
    public async Task Failure_DrawsEachActualDiagnosticUnderItsLine()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            using static Calls;

            class C
            {
                void M()
                {
                    Flag(1);
                }
            }
            """));

        var lines = message.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var sourceLine = lines.FindIndex(line => line.EndsWith("|         Flag(1);", StringComparison.Ordinal));
        Assert.True(sourceLine >= 0, message);
        Assert.Equal("  |         ^^^^^^^ TEST001: Flag called with 1 argument(s)", lines[sourceLine + 1]);
    }

    [Fact]
    public async Task WrongMessage_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging(OneFlagCall)
            .ShouldReportDiagnostic("TEST001", "Flag called with 3 argument(s)"));

        Assert.Contains("Wrong message for TEST001 at Test0.cs(7,9)-(7,19)", message);
        Assert.Contains("expected: \"Flag called with 3 argument(s)\"", message);
        Assert.Contains("actual:   \"Flag called with 2 argument(s)\"", message);
    }

    [Fact]
    public async Task WrongSeverity_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging(OneFlagCall)
            .ShouldReportDiagnostic("TEST001", severity: DiagnosticSeverity.Error));

        Assert.Contains("Wrong severity for TEST001 at Test0.cs(7,9)-(7,19): expected error, actual warning.", message);
    }

    [Fact]
    public async Task WrongAdditionalLocations_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            using static Calls;

            class C
            {
                void M(int a, int b) => [|Flag({|#0:a|}, {|#1:b|})|];
            }
            """)
            .ShouldReportDiagnostic("TEST001", additionalLocationMarkers: ["#1", "#0"]));

        Assert.Contains("Wrong additional locations for TEST001", message);
        Assert.Contains("expected: [Test0.cs(5,37)-(5,38), Test0.cs(5,34)-(5,35)]", message);
        Assert.Contains("actual:   [Test0.cs(5,34)-(5,35), Test0.cs(5,37)-(5,38)]", message);
    }

    [Fact]
    public Task EditorConfigSeverityNone_NoDiagnostic_Passes() =>
        Flagging("""
            using static Calls;

            class C
            {
                void M() => Flag(1);
            }
            """)
            .WithEditorConfig("dotnet_diagnostic.TEST001.severity = none")
            .ValidateAsync();

    [Fact]
    public Task EditorConfigSeverityError_ReportsError_AndIsTheDefaultExpectation() =>
        Flagging(OneFlagCall)
            .WithEditorConfig("""
                [*.cs]
                dotnet_diagnostic.TEST001.severity = error
                """)
            .ValidateAsync();

    [Fact]
    public Task EditorConfigCategorySeverity_IsTheDefaultExpectation() =>
        ProjectBuilder.Create()
            .WithAnalyzer<AlphaBetaAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    int M() => {|TEST003:Calls.Alpha()|} + {|TEST004:Calls.Beta()|};
                }
                """)
            .WithEditorConfig("""
                dotnet_analyzer_diagnostic.category-Testing.severity = error
                dotnet_diagnostic.TEST004.severity = suggestion
                """)
            .ShouldReportDiagnostic("TEST003", severity: DiagnosticSeverity.Error)
            .ShouldReportDiagnostic("TEST004", severity: DiagnosticSeverity.Info)
            .ValidateAsync();

    [Fact]
    public Task EditorConfigCategorySeverity_WithoutExplicitSeverity_Passes() =>
        ProjectBuilder.Create()
            .WithAnalyzer<AlphaBetaAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    int M() => {|TEST003:Calls.Alpha()|} + {|TEST004:Calls.Beta()|};
                }
                """)
            .WithEditorConfig("dotnet_analyzer_diagnostic.category-Testing.severity = error")
            .ValidateAsync();

    [Fact]
    public async Task EditorConfigSeverityError_ExpectingWarning_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging(OneFlagCall)
            .WithEditorConfig("dotnet_diagnostic.TEST001.severity = error")
            .ShouldReportDiagnostic("TEST001", severity: DiagnosticSeverity.Warning));

        Assert.Contains("expected warning, actual error", message);
    }

    [Fact]
    public Task MultipleDocuments_Pass() =>
        ProjectBuilder.Create()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                partial class C
                {
                    void First() => [|Calls.Flag()|];
                }
                """)
            .WithSourceCode("""
                partial class C
                {
                    void Second() => [|Calls.Flag(1, 2, 3)|];
                }
                """)
            .ShouldReportDiagnostic("TEST001", "Flag called with 0 argument(s)")
            .ShouldReportDiagnostic("TEST001", "Flag called with 3 argument(s)")
            .ValidateAsync();

    [Fact]
    public async Task MultipleDocuments_DiagnosticInTheWrongDocument_Fails()
    {
        var message = await VerifierAssert.FailsAsync(ProjectBuilder.Create()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("First.cs", """
                partial class C
                {
                    void First() => [|Calls.Alpha()|];
                }
                """)
            .WithSourceCode("Second.cs", """
                partial class C
                {
                    void Second() => Calls.Flag(1, 2);
                }
                """));

        Assert.Contains("Missing diagnostic: First.cs(3,21)-(3,34): TEST001", message);
        Assert.Contains("Unexpected diagnostic: Second.cs(3,22)-(3,38)", message);
        Assert.Contains("=== First.cs ===", message);
        Assert.Contains("=== Second.cs ===", message);
    }

    [Fact]
    public Task NestedMarkup_Passes() =>
        Flagging("""
            using static Calls;

            class C
            {
                void M(int a) => [|Flag({|#0:[|Flag(a)|]|})|];
            }
            """)
            .ShouldReportDiagnostic("TEST001", "Flag called with 1 argument(s)", additionalLocationMarkers: "#0")
            .ShouldReportDiagnostic("TEST001", "Flag called with 1 argument(s)")
            .ValidateAsync();

    [Fact]
    public Task SeveralIds_NamedMarkup_Pass() =>
        ProjectBuilder.Create()
            .WithAnalyzer<AlphaBetaAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    int M() => {|TEST003:Calls.Alpha()|} + {|TEST004:Calls.Beta()|};
                }
                """)
            .ShouldReportDiagnostic("TEST003", "Alpha called", DiagnosticSeverity.Info)
            .ValidateAsync();

    [Fact]
    public Task SeveralAnalyzers_Pass() =>
        ProjectBuilder.Create()
            .WithAnalyzer<AlphaBetaAnalyzer>()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                using static Calls;

                class C
                {
                    void M() => {|TEST001:Flag({|TEST004:Beta()|})|};
                }
                """)
            .ValidateAsync();

    [Fact]
    public async Task SeveralIds_DefaultMarkup_IsATestError()
    {
        var message = await VerifierAssert.IsTestErrorAsync(ProjectBuilder.Create()
            .WithAnalyzer<AlphaBetaAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    int M() => [|Calls.Alpha()|];
                }
                """));

        Assert.Contains("[|...|] at Test0.cs(3,16)-(3,29) is ambiguous", message);
        Assert.Contains("TEST003, TEST004", message);
    }

    [Fact]
    public async Task MoreShouldReportDiagnosticCallsThanMarkup_IsATestError()
    {
        var message = await VerifierAssert.IsTestErrorAsync(Flagging(OneFlagCall)
            .ShouldReportDiagnostic("TEST001")
            .ShouldReportDiagnostic("TEST001"));

        Assert.Contains("ShouldReportDiagnostic was called 2 times but the markup holds 1", message);
    }

    [Fact]
    public async Task UnknownAdditionalLocationMarker_IsATestError()
    {
        var message = await VerifierAssert.IsTestErrorAsync(Flagging(OneFlagCall)
            .ShouldReportDiagnostic("TEST001", additionalLocationMarkers: "#3"));

        Assert.Contains("no {|#3:...|} span exists", message);
    }

    [Fact]
    public async Task TestCodeWithCompileErrors_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            class C
            {
                void M()
                {
                    Undefined(1);
                }
            }
            """));

        Assert.Contains("The test code does not compile (1 error):", message);
        Assert.Contains("Test0.cs(5,9)-(5,18): error CS0103", message);
        Assert.Contains("Undefined(1);", message);
    }

    [Fact]
    public Task TestCodeWithCompileErrors_AllowedForRobustnessTests() =>
        Flagging("""
            using static Calls;

            class C
            {
                void M()
                {
                    [|Flag(1)|];
                    [|Flag(|]
            """)
            .AllowCompilerErrors()
            .ShouldReportDiagnostic("TEST001", "Flag called with 1 argument(s)")
            .ShouldReportDiagnostic("TEST001", "Flag called with 0 argument(s)")
            .ValidateAsync();

    [Fact]
    public async Task AnalyzerThatThrows_Fails()
    {
        var message = await VerifierAssert.FailsAsync(ProjectBuilder.Create()
            .WithAnalyzer<ThrowingAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    int M() => Calls.Alpha();
                }
                """));

        Assert.Contains("AD0001", message);
        Assert.Contains(nameof(ThrowingAnalyzer), message);
        Assert.Contains(ThrowingAnalyzer.ExceptionMessage, message);
    }

    [Fact]
    public async Task DescriptorWithoutHelpLink_Fails()
    {
        var message = await VerifierAssert.FailsAsync(ProjectBuilder.Create()
            .WithAnalyzer<NoHelpLinkAnalyzer>()
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls)
            .WithSourceCode("""
                class C
                {
                    void M() => [|Calls.Flag()|];
                }
                """));

        Assert.Contains("TEST005 has no HelpLinkUri", message);
    }

    [Fact]
    public Task TopLevelStatements_InAConsoleApplication_Pass() =>
        Flagging("""
            using static Calls;

            [|Flag(1, 2)|];
            """)
            .WithOutputKind(OutputKind.ConsoleApplication)
            .ValidateAsync();

    [Fact]
    public Task ShimReference_MakesTheShimCompile() =>
        Flagging("""
            using static Calls;

            class C
            {
                SharedSockets.NetworkEvents events;

                void M() => [|Flag((int)events)|];
            }
            """)
            .WithShimReference()
            .ValidateAsync();

    [Fact]
    public async Task WithoutShimReference_TheShimIsUnknown()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            class C
            {
                SharedSockets.NetworkEvents events;
            }
            """));

        Assert.Contains("CS0246", message);
    }

    [Fact]
    public Task LibraryImportGenerator_MakesLibraryImportsCompile() =>
        Flagging("""
            using System.Runtime.InteropServices;
            using static Calls;

            static partial class Native
            {
                [LibraryImport("ws2_32.dll", SetLastError = true)]
                internal static partial int WSAEventSelect(nint s, nint hEventObject, int lNetworkEvents);

                static void M(nint s, nint e) => [|Flag(WSAEventSelect(s, e, 1))|];
            }
            """)
            .WithLibraryImportGenerator()
            .ValidateAsync();

    [Fact]
    public async Task LibraryImportWithoutGenerator_DoesNotCompile()
    {
        var message = await VerifierAssert.FailsAsync(Flagging("""
            using System.Runtime.InteropServices;

            static partial class Native
            {
                [LibraryImport("ws2_32.dll")]
                internal static partial int closesocket(nint s);
            }
            """));

        Assert.Contains("CS8795", message);
    }
}
