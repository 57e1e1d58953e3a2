using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// "Can this call run before that one?" over the calls of one type: the control-flow graph inside one
/// body, the type's source order between bodies (a type's methods have no order of their own; the
/// reader's is the best guess, as SOCK001 uses it). Also knows when a descriptor was closed in between,
/// which is what makes a hand-off clean: the receiver is then the only holder.
/// </summary>
internal sealed class SocketCallSequence
{
    private readonly SocketTypeModel model;
    private readonly Dictionary<SocketCall, int> positions = new();

    public SocketCallSequence(SocketTypeModel model)
    {
        this.model = model;
        for (var index = 0; index < model.Calls.Length; index++)
        {
            positions[model.Calls[index]] = index;
        }
    }

    public int PositionOf(SocketCall call) => positions.TryGetValue(call, out var index) ? index : -1;

    public bool CanRunBefore(SocketCall earlier, SocketCall later)
    {
        if (earlier == later)
        {
            return false;
        }

        return earlier.Root == later.Root
            ? model.Order.CanRunAfter(earlier.Syntax, earlier.Root, later.Syntax, later.Root)
            : PositionOf(earlier) < PositionOf(later);
    }

    /// <summary>
    /// Whether the descriptor <paramref name="earlier"/> acted on is released (<c>closesocket</c>,
    /// <c>Close</c>/<c>Dispose</c>, <c>DuplicateAndClose</c>) between it and <paramref name="later"/>.
    /// </summary>
    public bool IsDescriptorClosedBetween(SocketCall earlier, SocketCall later)
    {
        if (model.DescriptorOf(earlier) is not { Kind: not IdentityKind.Null } descriptor)
        {
            return false;
        }

        foreach (var call in model.Calls)
        {
            if (call.Kind is SocketOperationKind.Close or SocketOperationKind.DuplicateAndClose
                && descriptor.Equals(model.DescriptorOf(call))
                && CanRunBefore(earlier, call)
                && CanRunBefore(call, later)
                && !BranchRelations.AreMutuallyExclusive(call.Syntax, later.Syntax))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where an earlier call is, as a message says it: <c>line 12</c>, or <c>File.cs:12</c> in another file.</summary>
    public static string DescribePosition(SocketCall earlier, SocketCall later)
    {
        var span = earlier.Location.GetLineSpan();
        var line = span.StartLinePosition.Line + 1;
        return earlier.Syntax.SyntaxTree == later.Syntax.SyntaxTree
            ? $"line {line}"
            : $"{System.IO.Path.GetFileName(span.Path)}:{line}";
    }
}
