using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Finds the uses of <c>Socket</c> objects in one executable body (lambdas and local functions
/// included) in one walk. Only rules that need them ask, and only for bodies that matter to them.
/// </summary>
internal static class SocketObjectUses
{
    public static List<SocketObjectUse> In(IOperation root, SocketTypes types)
    {
        var uses = new List<SocketObjectUse>();
        if (types.Socket is null)
        {
            return uses;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: { } instance } invocation when IsSocketMember(invocation.TargetMethod, types):
                    uses.Add(new SocketObjectUse(WholeAccess(invocation, instance), Receiver(instance), IsRelease(invocation.TargetMethod), isArgument: false));
                    break;
                case IPropertyReferenceOperation { Instance: { } instance } property when IsSocketMember(property.Property, types):
                    uses.Add(new SocketObjectUse(WholeAccess(AssignmentOrSelf(property), instance), Receiver(instance), releasesObject: false, isArgument: false));
                    break;
                case IArgumentOperation { Parameter: { } parameter, Parent: { } call } argument
                    when types.IsSocket(parameter.OriginalDefinition.Type) && types.IsSocket(argument.Value.WithoutConversions().Type):
                    uses.Add(new SocketObjectUse(call, argument.Value, releasesObject: false, isArgument: true));
                    break;
            }
        }

        return uses;
    }

    // Members Socket declares itself: GetType()/Equals()/GetHashCode() work on any object, open or not.
    private static bool IsSocketMember(ISymbol member, SocketTypes types) =>
        !member.IsStatic && types.IsSocket(member.ContainingType);

    private static bool IsRelease(IMethodSymbol method) =>
        method.Name == "Close" || (method.Name == "Dispose" && method.Parameters.Length == 0);

    /// <summary>A property set is reported as the whole assignment (<c>socket.NoDelay = true</c>).</summary>
    private static IOperation AssignmentOrSelf(IPropertyReferenceOperation property) =>
        property.Parent is IAssignmentOperation assignment && assignment.Target == property ? assignment : property;

    /// <summary><c>socket?.Send(...)</c> is reported as a whole.</summary>
    private static IOperation WholeAccess(IOperation use, IOperation instance) =>
        instance is IConditionalAccessInstanceOperation && use.Parent is IConditionalAccessOperation access && access.WhenNotNull == use
            ? access
            : use;

    /// <summary><c>socket?.Send(...)</c>: the receiver is the expression before <c>?.</c>.</summary>
    private static IOperation Receiver(IOperation instance)
    {
        if (instance is not IConditionalAccessInstanceOperation)
        {
            return instance;
        }

        for (var current = instance.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalAccessOperation access)
            {
                return access.Operation;
            }
        }

        return instance;
    }
}
