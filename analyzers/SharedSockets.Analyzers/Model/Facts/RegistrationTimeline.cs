using System.Collections.Generic;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Each socket's event registrations over time. [doc] A socket keeps one registration: a
/// <c>WSAEventSelect</c>/<c>WSAAsyncSelect</c> through any descriptor cancels the one before it, and a
/// clearing call (mask 0, or no event object) ends it. So at any call, at most one registration is in
/// force on its socket: <see cref="ActiveAt"/>.
/// </summary>
internal sealed class RegistrationTimeline
{
    private static readonly List<SocketCall> None = new();

    private readonly SocketTypeModel model;
    private readonly Dictionary<ValueIdentity, List<SocketCall>> selections;

    public RegistrationTimeline(SocketTypeModel model)
    {
        this.model = model;
        selections = model.BySocket(SocketOperationKind.EventSelect, SocketOperationKind.AsyncSelect);
    }

    /// <summary>The registrations and clears on <paramref name="socket"/>, in the type's source order.</summary>
    public IReadOnlyList<SocketCall> On(ValueIdentity socket) => selections.TryGetValue(socket, out var list) ? list : None;

    /// <summary>
    /// The registration in force on the socket of <paramref name="call"/> when it runs: the latest one
    /// that can run before it (<see cref="ExecutionOrder"/>), in no branch exclusive with it, and not
    /// cleared in between. Null when there is none, or when the search ran out of budget.
    /// </summary>
    public SocketCall? ActiveAt(SocketCall call, OrderBudget budget)
    {
        if (model.SocketOf(call) is not { Kind: not IdentityKind.Null } socket)
        {
            return null;
        }

        var onSocket = On(socket);
        for (var index = onSocket.Count - 1; index >= 0; index--)
        {
            var registration = onSocket[index];
            if (registration == call || !EventRegistrations.IsRegistration(registration))
            {
                continue;
            }

            if (budget.IsExhausted)
            {
                return null;
            }

            if (BranchRelations.AreMutuallyExclusive(registration.Syntax, call.Syntax) || !model.Order.CanRunBefore(registration, call, budget))
            {
                continue;
            }

            switch (IsClearedBetween(registration, call, budget))
            {
                case false:
                    return registration;
                case null:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a clearing call on the socket ends <paramref name="registration"/> before
    /// <paramref name="later"/> runs. In one body the order service decides whether a clear can come
    /// between. Across bodies only clears whose place is certain count: one before <paramref name="later"/>
    /// in its own body, or one after the registration in the registration's body (a method that cleans up
    /// after itself); clears in unrelated methods say nothing about these two. Null when the budget ran out.
    /// </summary>
    public bool? IsClearedBetween(SocketCall registration, SocketCall later, OrderBudget budget)
    {
        if (model.SocketOf(registration) is not { Kind: not IdentityKind.Null } socket)
        {
            return false;
        }

        var order = model.Order;
        var sameBody = registration.Root == later.Root;
        foreach (var clear in On(socket))
        {
            if (!EventRegistrations.IsClearing(clear))
            {
                continue;
            }

            var beforeLater = clear.Root == later.Root && (sameBody || order.PositionOf(clear) < order.PositionOf(later));
            var afterRegistration = !sameBody && clear.Root == registration.Root && order.PositionOf(clear) > order.PositionOf(registration);
            if (!beforeLater && !afterRegistration)
            {
                continue;
            }

            if (budget.IsExhausted)
            {
                return null;
            }

            var between = sameBody
                ? order.CanRunBefore(registration, clear, budget) && order.CanRunBefore(clear, later, budget)
                : beforeLater
                    ? order.CanRunBefore(clear, later, budget)
                    : order.CanRunBefore(registration, clear, budget);
            if (between)
            {
                return true;
            }
        }

        return false;
    }
}
