using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// "Can this call run before that one?" over the calls of one type: the control-flow graph inside one
/// body, the type's source order between bodies (a type's methods have no order of their own; the
/// reader's is the best guess, as SOCK001 uses it). Also knows when a descriptor was closed in between,
/// which is what makes a hand-off clean: the receiver is then the only holder.
/// Graph queries are not free, so searches spend from a <see cref="OrderBudget"/>: a search that runs
/// out answers "unknown" and the rule stays silent rather than turning quadratic on generated code.
/// </summary>
internal sealed class SocketCallSequence
{
    private readonly SocketTypeModel model;
    private readonly Dictionary<SocketCall, int> positions = new();
    private Dictionary<ValueIdentity, List<SocketCall>>? closesByDescriptor;
    private Dictionary<IOperation, bool>? gotoBodies;

    public SocketCallSequence(SocketTypeModel model)
    {
        this.model = model;
        for (var index = 0; index < model.Calls.Length; index++)
        {
            positions[model.Calls[index]] = index;
        }
    }

    /// <summary>The call's index in the type's source order (file, then position).</summary>
    public int PositionOf(SocketCall call) => positions.TryGetValue(call, out var index) ? index : -1;

    /// <summary>Whether <paramref name="earlier"/> can run before <paramref name="later"/>; spends one unit.</summary>
    public bool CanRunBefore(SocketCall earlier, SocketCall later, OrderBudget budget)
    {
        budget.Spend();
        if (earlier == later)
        {
            return false;
        }

        if (earlier.Root != later.Root)
        {
            return PositionOf(earlier) < PositionOf(later);
        }

        // Most pairs are settled by the syntax alone; the graph (built once per body, then walked) is the slow path.
        return StraightLineOrder.Decide(earlier.Syntax, later.Syntax, HasGoto(earlier.Root))
               ?? model.Order.CanRunAfter(earlier.Syntax, earlier.Root, later.Syntax, later.Root);
    }

    private bool HasGoto(IOperation root)
    {
        gotoBodies ??= new Dictionary<IOperation, bool>();
        if (!gotoBodies.TryGetValue(root, out var hasGoto))
        {
            hasGoto = StraightLineOrder.ContainsGoto(root.Syntax);
            gotoBodies[root] = hasGoto;
        }

        return hasGoto;
    }

    /// <summary>
    /// Whether the descriptor <paramref name="earlier"/> acted on is released (<c>closesocket</c>,
    /// <c>Close</c>/<c>Dispose</c>, <c>DuplicateAndClose</c>) between it and <paramref name="later"/>
    /// (in source order, and on a path from one to the other); null when the budget ran out.
    /// </summary>
    public bool? IsDescriptorClosedBetween(SocketCall earlier, SocketCall later, OrderBudget budget)
    {
        if (model.DescriptorOf(earlier) is not { Kind: not IdentityKind.Null } descriptor
            || !ClosesByDescriptor().TryGetValue(descriptor, out var closes))
        {
            return false;
        }

        var from = PositionOf(earlier);
        var to = PositionOf(later);
        foreach (var close in closes)
        {
            var position = PositionOf(close);
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

            if (!BranchRelations.AreMutuallyExclusive(close.Syntax, later.Syntax)
                && CanRunBefore(earlier, close, budget)
                && CanRunBefore(close, later, budget))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<ValueIdentity, List<SocketCall>> ClosesByDescriptor()
    {
        if (closesByDescriptor is null)
        {
            closesByDescriptor = new Dictionary<ValueIdentity, List<SocketCall>>();
            foreach (var call in model.Calls)
            {
                if (call.Kind is SocketOperationKind.Close or SocketOperationKind.DuplicateAndClose
                    && model.DescriptorOf(call) is { Kind: not IdentityKind.Null } descriptor)
                {
                    if (!closesByDescriptor.TryGetValue(descriptor, out var list))
                    {
                        list = new List<SocketCall>();
                        closesByDescriptor[descriptor] = list;
                    }

                    list.Add(call);
                }
            }
        }

        return closesByDescriptor;
    }
}

/// <summary>How many order queries one search (for one flagged-call candidate) may make.</summary>
internal sealed class OrderBudget
{
    /// <summary>Enough for every realistic method; generated code with thousands of calls hits it.</summary>
    public const int PerSearch = 64;

    private int remaining;

    public OrderBudget(int units = PerSearch) => remaining = units;

    public bool IsExhausted => remaining <= 0;

    public void Spend() => remaining--;
}
