using SharedSockets.Analyzers.Tests.Verification;
using Xunit;
using Xunit.Sdk;

namespace SharedSockets.Analyzers.Tests.VerifierTests;

/// <summary>Runs a verification that must fail and hands back why, for the test to check the reason.</summary>
internal static class VerifierAssert
{
    /// <summary>The verification must fail as a test assertion (a mismatch, not a broken test).</summary>
    public static async Task<string> FailsAsync(ProjectBuilder builder)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(builder.ValidateAsync);
        Assert.IsAssignableFrom<XunitException>(exception);
        return exception.Message;
    }

    /// <summary>The test itself is inconsistent (bad markup, ambiguous ids): reported as a test error.</summary>
    public static async Task<string> IsTestErrorAsync(ProjectBuilder builder)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(builder.ValidateAsync);
        Assert.True(exception is InvalidOperationException or FormatException, $"Expected a test error, got {exception.GetType().Name}: {exception.Message}");
        return exception.Message;
    }
}

/// <summary>Methods the test sources call, in their own document so tests show only the calls.</summary>
internal static class TestCode
{
    public const string CallsFileName = "Calls.cs";

    public const string Calls = """
        public static class Calls
        {
            public static int Flag(params int[] values) => values.Length;
            public static void Flagged(params int[] values) { }
            public static void Marked(params int[] values) { }
            public static int Alpha() => 0;
            public static int Beta() => 0;
        }
        """;
}
