using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// When the type releases its descriptors: <c>closesocket</c>, <c>Close</c>/<c>Dispose</c>, and
/// <c>DuplicateAndClose</c> (which hands the socket off and closes this <c>Socket</c> object). [doc]
/// <c>closesocket</c> releases one descriptor; a descriptor released between two calls no longer
/// shares the socket with the later one.
/// </summary>
internal sealed class DescriptorLifetimes
{
    private readonly SocketTypeModel model;
    private readonly Dictionary<ValueIdentity, List<SocketCall>> releasesByDescriptor = new();

    public DescriptorLifetimes(SocketTypeModel model)
    {
        this.model = model;
        foreach (var call in model.Calls)
        {
            if (IsRelease(call) && model.DescriptorOf(call) is { Kind: not IdentityKind.Null } descriptor)
            {
                if (!releasesByDescriptor.TryGetValue(descriptor, out var list))
                {
                    releasesByDescriptor[descriptor] = list = new List<SocketCall>();
                }

                list.Add(call);
            }
        }
    }

    public static bool IsRelease(SocketCall call) => call.Kind is SocketOperationKind.Close or SocketOperationKind.DuplicateAndClose;

    /// <summary>The releases of <paramref name="descriptor"/> in the type, in source order.</summary>
    public IReadOnlyList<SocketCall> ReleasesOf(ValueIdentity descriptor) =>
        releasesByDescriptor.TryGetValue(descriptor, out var list) ? list : (IReadOnlyList<SocketCall>)System.Array.Empty<SocketCall>();

    /// <summary>
    /// The release that makes a duplication a hand-off ([doc] the source duplicates for the target and
    /// closes its own descriptor): <c>DuplicateAndClose</c> itself; for <c>WSADuplicateSocket</c>, a
    /// release of the duplicated descriptor in the same body that can run after it, or in a
    /// <c>finally</c> around it. Null when the source keeps its descriptor.
    /// </summary>
    public SocketCall? HandOffReleaseOf(SocketCall duplication)
    {
        if (duplication.Kind == SocketOperationKind.DuplicateAndClose)
        {
            return duplication;
        }

        if (model.DescriptorOf(duplication) is not { Kind: not IdentityKind.Null } descriptor)
        {
            return null;
        }

        foreach (var release in ReleasesOf(descriptor))
        {
            // One call that duplicates and closes (a helper, or a DuplicateAndClose implemented in source) hands off.
            if (release.Operation == duplication.Operation
                || (release.Root == duplication.Root
                    && (model.Order.CanRunBefore(duplication, release) || InFinallyAfter(release.Syntax, duplication.Syntax))))
            {
                return release;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the descriptor <paramref name="earlier"/> acted on is released between it and
    /// <paramref name="later"/> (in source order, and on a path from one to the other); null when the
    /// budget ran out.
    /// </summary>
    public bool? IsReleasedBetween(SocketCall earlier, SocketCall later, OrderBudget budget)
    {
        if (model.DescriptorOf(earlier) is not { Kind: not IdentityKind.Null } descriptor)
        {
            return false;
        }

        var order = model.Order;
        var from = order.PositionOf(earlier);
        var to = order.PositionOf(later);
        foreach (var release in ReleasesOf(descriptor))
        {
            var position = order.PositionOf(release);
            if (position <= from)
            {
                continue;
            }

            if (position >= to)
            {
                break;
            }

            if (budget.IsExhausted)
            {
                return null;
            }

            if (!BranchRelations.AreMutuallyExclusive(release.Syntax, later.Syntax)
                && order.CanRunBefore(earlier, release, budget)
                && order.CanRunBefore(release, later, budget))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InFinallyAfter(SyntaxNode release, SyntaxNode duplicate) =>
        release.SpanStart > duplicate.SpanStart
        && release.Ancestors().OfType<FinallyClauseSyntax>().Any(
            @finally => @finally.Parent is TryStatementSyntax @try && @try.Block.Span.Contains(duplicate.Span));
}
