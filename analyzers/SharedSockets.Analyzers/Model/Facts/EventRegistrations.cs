using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>Facts about WSAEventSelect/WSAAsyncSelect calls that several rules need.</summary>
internal static class EventRegistrations
{
    public static bool IsEventSelection(SocketCall call) =>
        call.Kind is SocketOperationKind.EventSelect or SocketOperationKind.AsyncSelect;

    /// <summary>
    /// A call that ends the socket's registration instead of making one: mask 0
    /// (<c>WSAEventSelect(s, NULL, 0)</c>, <c>WSAAsyncSelect(s, hWnd, 0, 0)</c>) or no event object.
    /// </summary>
    public static bool IsClearing(SocketCall call)
    {
        if (!IsEventSelection(call))
        {
            return false;
        }

        if (call[ArgumentRole.EventMask] is { } mask && mask.IsNullOrZero())
        {
            return true;
        }

        return call.Kind == SocketOperationKind.EventSelect && call[ArgumentRole.EventObject] is { } target && target.IsNullOrZero();
    }

    public static bool IsRegistration(SocketCall call) => IsEventSelection(call) && !IsClearing(call);

    /// <summary>
    /// Whether two registrations notify the same target (the same event object, or the same window and
    /// message): re-registering the same target with a new mask is the documented way to change the mask.
    /// Unknown arguments count as the same target, so an unreadable call never raises a warning.
    /// </summary>
    public static bool HaveSameTarget(SocketCall left, SocketCall right, ValueIdentityResolver resolver)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }

        return left.Kind == SocketOperationKind.EventSelect
            ? Same(left[ArgumentRole.EventObject], right[ArgumentRole.EventObject], resolver)
            : Same(left[ArgumentRole.Window], right[ArgumentRole.Window], resolver)
              && Same(left[ArgumentRole.Message], right[ArgumentRole.Message], resolver);
    }

    /// <summary>How the target of a registration reads in a message: <c>readEvent</c>, or <c>hWnd/WM_SOCKET</c>.</summary>
    public static string DescribeTarget(SocketCall call) =>
        call.Kind == SocketOperationKind.EventSelect
            ? Text(call[ArgumentRole.EventObject])
            : Text(call[ArgumentRole.Window]) + "/" + Text(call[ArgumentRole.Message]);

    private static bool Same(IOperation? left, IOperation? right, ValueIdentityResolver resolver) =>
        left is null || right is null || resolver.Resolve(left).Equals(resolver.Resolve(right));

    private static string Text(IOperation? operation) => operation is null ? "?" : operation.Syntax.ToDisplayText();
}
