using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeActions;
using SharedSockets.CodeFixes.FixAll;
using SharedSockets.CodeFixes.Fixes;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// <c>dotnet format</c> runs Fix All with the equivalence key of the first action of the first diagnostic it meets,
/// and which diagnostic that is varies between runs. Every diagnostic's first fix is therefore registered under the
/// provider's first-fix key: whichever diagnostic comes first, Fix All fixes all of them, each with its first fix.
/// </summary>
public sealed class FirstFixKeyTests
{
    // Two SOCK002 diagnostics whose first fixes are of different kinds: 'Gateway' may close its source after the
    // hand-off (first) or clear its registration; 'Mirror' still sends through its source, so only the clear is safe.
    private const string TwoFirstKinds = """
        using System;
        using static NativeMethods;

        sealed class Gateway
        {
            public WSAPROTOCOL_INFOW Share(IntPtr listener, IntPtr acceptEvent, int pid)
            {
                WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                WSADuplicateSocketW(listener, pid, out var info);
                return info;
            }
        }

        sealed class Mirror
        {
            public WSAPROTOCOL_INFOW Share(IntPtr connection, IntPtr readEvent, int pid)
            {
                WSAEventSelect(connection, readEvent, FD_READ);
                WSADuplicateSocketW(connection, pid, out var info);
                send(connection, new byte[] { 1 }, 1, 0);
                return info;
            }
        }
        """;

    [Fact]
    public async Task FirstFixes_ShareOneKey_AlternativesKeepTheirKind()
    {
        var provider = new DuplicatedToProcessesExpectingEventsFixProvider();
        var (solution, documentId) = FixHarness.CreateSolution(TwoFirstKinds, "Shapes");
        var actions = new List<List<CodeAction>>();
        foreach (var diagnostic in await FixHarness.DiagnosticsAsync(solution.GetProject(documentId.ProjectId)!, provider))
        {
            actions.Add(await FixHarness.ActionsAsync(solution, diagnostic, provider));
        }

        Assert.Equal(2, actions.Count);
        Assert.All(actions, offered => Assert.Equal(provider.FirstFixKey, offered[0].EquivalenceKey));
        Assert.Equal(DuplicatedToProcessesExpectingEventsFixProvider.CloseAfterHandOffKey, ((SocketCodeAction)actions[0][0]).Kind);
        Assert.Equal(DuplicatedToProcessesExpectingEventsFixProvider.ClearBeforeDuplicatingKey, ((SocketCodeAction)actions[0][1]).EquivalenceKey);
        Assert.Equal(DuplicatedToProcessesExpectingEventsFixProvider.ClearBeforeDuplicatingKey, ((SocketCodeAction)actions[1][0]).Kind);
        Assert.Single(actions[1]);
    }

    [Fact]
    public async Task FixAll_WithTheKeyOfEitherDiagnosticsFirstFix_FixesBoth_TheSameWay()
    {
        var provider = new DuplicatedToProcessesExpectingEventsFixProvider();
        var (solution, documentId) = FixHarness.CreateSolution(TwoFirstKinds, "Shapes");
        var diagnostics = await FixHarness.DiagnosticsAsync(solution.GetProject(documentId.ProjectId)!, provider);
        var results = new List<string>();
        foreach (var first in new[] { diagnostics, diagnostics.Reverse().ToImmutableArray() })
        {
            // What dotnet format does: the key of the first action of the first diagnostic in its list.
            var key = (await FixHarness.ActionsAsync(solution, first[0], provider))[0].EquivalenceKey;
            var changed = await FixHarness.FixAllAsync(solution, documentId, provider, key, first);
            Assert.Empty(await FixHarness.DiagnosticsAsync(changed.GetProject(documentId.ProjectId)!, provider));
            results.Add(await FixHarness.TextAsync(changed, documentId));
        }

        Assert.Equal(results[0], results[1]);
        Assert.Contains("closesocket(listener);", results[0]);
        Assert.Contains("WSAEventSelect(connection, default, 0);", results[0]);
    }
}
