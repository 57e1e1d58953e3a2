using SharedSockets.Analyzers.Tests.Verification;
using Xunit;

namespace SharedSockets.Analyzers.Tests.VerifierTests;

/// <summary>The verifier applies fixes (one at a time and Fix All) and checks the result and that it compiles.</summary>
public sealed class CodeFixVerificationTests
{
    private const string TwoFlagCalls = """
        using static Calls;

        class C
        {
            void M(int a)
            {
                [|Flag(a)|];
                [|Flag(a, a)|];
            }
        }
        """;

    private const string TwoFlaggedCalls = """
        using static Calls;

        class C
        {
            void M(int a)
            {
                Flagged(a);
                Flagged(a, a);
            }
        }
        """;

    private static ProjectBuilder Fixing<TFix>(string code)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new() =>
        ProjectBuilder.Create()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithCodeFixProvider<TFix>()
            .WithSourceCode(code)
            .WithSourceCode(TestCode.CallsFileName, TestCode.Calls);

    [Fact]
    public Task SingleFixes_AppliedOneAtATime_Pass() =>
        Fixing<RenameFlagFixer>(TwoFlagCalls)
            .ShouldFixCodeWith(TwoFlaggedCalls)
            .ValidateAsync();

    [Fact]
    public Task EquivalenceKey_PicksThatAction() =>
        Fixing<RenameFlagFixer>(TwoFlagCalls)
            .WithCodeFixEquivalenceKey(FlagCallRename.ToMarkedKey)
            .ShouldFixCodeWith(TwoFlaggedCalls.Replace("Flagged", "Marked", StringComparison.Ordinal))
            .ValidateAsync();

    [Fact]
    public Task NestedActions_AreFlattened() =>
        Fixing<NestedRenameFlagFixer>(TwoFlagCalls)
            .WithCodeFixEquivalenceKey(FlagCallRename.ToMarkedKey)
            .ShouldFixCodeWith(TwoFlaggedCalls.Replace("Flagged", "Marked", StringComparison.Ordinal))
            .ValidateAsync();

    [Fact]
    public Task FixOutput_WithCrLfLineEndings_StillMatches() =>
        Fixing<RenameFlagFixer>(TwoFlagCalls.Replace("\n", "\r\n", StringComparison.Ordinal))
            .ShouldFixCodeWith(TwoFlaggedCalls)
            .ValidateAsync();

    [Fact]
    public async Task FixOutputMismatch_FailsWithADiff()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<RenameFlagFixer>(TwoFlagCalls)
            .ShouldFixCodeWith(TwoFlaggedCalls.Replace("Flagged(a, a)", "Flagged(a, a, a)", StringComparison.Ordinal)));

        Assert.Contains("The code of Test0.cs after fixes applied one at a time is not the expected code (2 fix(es) applied).", message);
        Assert.Contains("--- expected", message);
        Assert.Contains("-    8      |         Flagged(a, a, a);", message);
        Assert.Contains("+         8 |         Flagged(a, a);", message);
    }

    [Fact]
    public async Task UnknownEquivalenceKey_FailsListingTheOfferedActions()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<RenameFlagFixer>(TwoFlagCalls)
            .WithCodeFixEquivalenceKey("NoSuchKey")
            .ShouldFixCodeWith(TwoFlaggedCalls));

        Assert.Contains("No fix was applied; actions offered: 'Call Flagged' (equivalence key: RenameToFlagged), 'Call Marked' (equivalence key: RenameToMarked).", message);
    }

    [Fact]
    public async Task FixedCodeThatDoesNotCompile_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<BrokenRenameFlagFixer>(TwoFlagCalls)
            .ShouldFixCodeWith(TwoFlaggedCalls.Replace("Flagged", "DoesNotExist", StringComparison.Ordinal)));

        Assert.Contains("The code after fixes applied one at a time does not compile (2 errors):", message);
        Assert.Contains("Test0.cs(7,9)-(7,21): error CS0103: The name 'DoesNotExist' does not exist in the current context", message);
    }

    [Fact]
    public async Task BatchFixedCodeThatDoesNotCompile_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<BrokenRenameFlagFixer>(TwoFlagCalls)
            .ShouldBatchFixCodeWith(TwoFlaggedCalls.Replace("Flagged", "DoesNotExist", StringComparison.Ordinal)));

        Assert.Contains("The code after Fix All in Document does not compile", message);
    }

    [Fact]
    public async Task FixThatChangesNothing_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<NoOpFlagFixer>(TwoFlagCalls)
            .ShouldFixCodeWith(TwoFlaggedCalls));

        Assert.Contains("The code action 'Do nothing' (equivalence key: NoOp) offered for Test0.cs(7,9)-(7,16): warning TEST001", message);
        Assert.Contains("changes nothing", message);
    }

    [Fact]
    public async Task FixThatNeverConverges_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<GrowingFlagFixer>(TwoFlagCalls)
            .ShouldFixCodeWith(TwoFlaggedCalls));

        Assert.Contains($"Fixing one at a time did not converge: after {CodeFixRunner.MaxIterations} rounds the fixer still offers fixes for:", message);
    }

    [Fact]
    public Task FixAll_InDocumentProjectAndSolution_Pass() =>
        Fixing<RenameFlagFixer>(TwoFlagCalls)
            .WithCodeFixEquivalenceKey(FlagCallRename.ToFlaggedKey)
            .ShouldBatchFixCodeWith(TwoFlaggedCalls)
            .ValidateAsync();

    [Fact]
    public Task FixAll_AcrossDocuments_Pass() =>
        ProjectBuilder.Create()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithCodeFixProvider<RenameFlagFixer>()
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
                    void Second() => [|Calls.Flag(1)|];
                }
                """)
            .ShouldBatchFixCodeWith(1, """
                partial class C
                {
                    void First() => Calls.Flagged();
                }
                """)
            .ShouldBatchFixCodeWith(2, """
                partial class C
                {
                    void Second() => Calls.Flagged(1);
                }
                """)
            .ValidateAsync();

    [Fact]
    public async Task FixAllMismatch_NamesTheScope()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<RenameFlagFixer>(TwoFlagCalls)
            .ShouldBatchFixCodeWith(TwoFlagCalls.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal)));

        Assert.Contains("after Fix All in Document is not the expected code", message);
    }

    [Fact]
    public async Task FixAllWithoutProvider_IsATestError()
    {
        var message = await VerifierAssert.IsTestErrorAsync(Fixing<NestedRenameFlagFixer>(TwoFlagCalls)
            .ShouldBatchFixCodeWith(TwoFlaggedCalls));

        Assert.Contains("has no FixAllProvider", message);
    }

    [Fact]
    public Task ExpectedFixedSource_WithMarkup_DiagnosticsLeftAfterTheFix() =>
        Fixing<RenameFlagFixer>("""
            using static Calls;

            class C
            {
                void M(int a)
                {
                    [|Flag(0)|];
                    [|Flag(a)|];
                }
            }
            """)
            .ShouldFixCodeWith("""
            using static Calls;

            class C
            {
                void M(int a)
                {
                    [|Flag(0)|];
                    Flagged(a);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public async Task ExpectedFixedSource_WithMarkup_ChecksWhatIsLeft()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<RenameFlagFixer>("""
            using static Calls;

            class C
            {
                void M(int a)
                {
                    [|Flag(0)|];
                    [|Flag(a)|];
                }
            }
            """)
            .ShouldFixCodeWith("""
            using static Calls;

            class C
            {
                void M(int a)
                {
                    [|Flag(0)|];
                    [|Flagged(a)|];
                }
            }
            """));

        Assert.Contains("The diagnostics left after fixes applied one at a time do not match", message);
        Assert.Contains("Missing diagnostic: Test0.cs(8,9)-(8,19): TEST001", message);
    }

    [Fact]
    public Task ShouldNotOfferCodeFix_WhenTheFixerDeclines_Passes() =>
        Fixing<DecliningFlagFixer>(TwoFlagCalls)
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Fact]
    public async Task ShouldNotOfferCodeFix_WhenTheFixerOffersOne_Fails()
    {
        var message = await VerifierAssert.FailsAsync(Fixing<RenameFlagFixer>(TwoFlagCalls)
            .ShouldNotOfferCodeFix());

        Assert.Contains("The fixer should offer no code fix, but offers:", message);
        Assert.Contains("'Call Flagged' (equivalence key: RenameToFlagged) for Test0.cs(7,9)-(7,16)", message);
    }

    [Fact]
    public Task ShouldNotOfferCodeFix_WithAKey_OnlyThatActionCounts() =>
        Fixing<RenameFlagFixer>(TwoFlagCalls)
            .WithCodeFixEquivalenceKey("NoSuchKey")
            .ShouldNotOfferCodeFix()
            .ValidateAsync();

    [Fact]
    public async Task ExpectedFixWithoutFixer_IsATestError()
    {
        var message = await VerifierAssert.IsTestErrorAsync(ProjectBuilder.Create()
            .WithAnalyzer<FlagCallAnalyzer>()
            .WithSourceCode(TestCode.Calls)
            .ShouldFixCodeWith(TestCode.Calls));

        Assert.Contains("no fixer", message);
    }
}
