using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>Turns an operation into the socket API uses it performs, binding roles to argument operations.</summary>
internal sealed class SocketCallBinder
{
    private readonly SocketApiCatalog catalog;
    private readonly WrapperSummaries? wrappers;

    /// <param name="wrappers">Null to bind direct API calls only (inside a wrapper's own body).</param>
    public SocketCallBinder(SocketApiCatalog catalog, WrapperSummaries? wrappers)
    {
        this.catalog = catalog;
        this.wrappers = wrappers;
    }

    public SocketApiCatalog Apis => catalog;

    /// <summary>The API uses of <paramref name="operation"/>: none, one, or several through a wrapper.</summary>
    public ImmutableArray<SocketCall> Bind(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return BindInvocation(invocation);
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                return BindCreation(creation, constructor);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.SetMethod: { } setter } property } assignment:
                return BindDirect(assignment, setter, property.Instance, ImmutableArray<IArgumentOperation>.Empty, assignment.Value);
            default:
                return ImmutableArray<SocketCall>.Empty;
        }
    }

    private ImmutableArray<SocketCall> BindInvocation(IInvocationOperation invocation)
    {
        var direct = BindDirect(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments, assignedValue: null);
        if (!direct.IsEmpty)
        {
            return direct;
        }

        if (wrappers is null)
        {
            return ImmutableArray<SocketCall>.Empty;
        }

        var summary = wrappers.Get(invocation.TargetMethod);
        if (summary.IsEmpty)
        {
            return ImmutableArray<SocketCall>.Empty;
        }

        var calls = ImmutableArray.CreateBuilder<SocketCall>();
        foreach (var inner in summary.Calls)
        {
            calls.Add(new SocketCall(inner.Api, invocation, BindThroughWrapper(inner, summary.Method!, invocation.Arguments, invocation.Instance), invocation.TargetMethod));
        }

        // `Close()` closes the descriptor of the object it is called on: this one's, or another's.
        foreach (var inner in summary.EndingsOfOwnMembers)
        {
            calls.Add(new SocketCall(inner.Api, invocation, BindThroughWrapper(inner, summary.Method!, invocation.Arguments, invocation.Instance), invocation.TargetMethod));
        }

        return calls.ToImmutable();
    }

    /// <summary>A creation is an API (<c>new Socket(…)</c>), or a constructor of the project's that wraps one (a role object that registers its own event).</summary>
    private ImmutableArray<SocketCall> BindCreation(IObjectCreationOperation creation, IMethodSymbol constructor)
    {
        var direct = BindDirect(creation, constructor, instance: null, creation.Arguments, assignedValue: null);
        if (!direct.IsEmpty || wrappers is null)
        {
            return direct;
        }

        var summary = wrappers.Get(constructor);
        var calls = ImmutableArray.CreateBuilder<SocketCall>(summary.Calls.Length);
        foreach (var inner in summary.Calls)
        {
            calls.Add(new SocketCall(inner.Api, creation, BindThroughWrapper(inner, summary.Method!, creation.Arguments, receiver: null), constructor));
        }

        return calls.MoveToImmutable();
    }

    private ImmutableArray<SocketCall> BindDirect(
        IOperation operation,
        IMethodSymbol method,
        IOperation? instance,
        ImmutableArray<IArgumentOperation> arguments,
        IOperation? assignedValue)
    {
        var api = catalog.Classify(method);
        if (api is null)
        {
            return ImmutableArray<SocketCall>.Empty;
        }

        var bound = ImmutableDictionary.CreateBuilder<ArgumentRole, IOperation>();
        foreach (var pair in api.ParameterRoles)
        {
            if (FindArgument(arguments, pair.Value) is { } argument)
            {
                bound[pair.Key] = argument;
            }
        }

        if (api.InstanceRole is { } instanceRole && instance is not null)
        {
            bound[instanceRole] = instance;
        }

        if (assignedValue is not null)
        {
            bound[ArgumentRole.Value] = assignedValue;
        }

        return ImmutableArray.Create(new SocketCall(api, operation, bound.ToImmutable(), wrapper: null));
    }

    /// <summary>Roles the wrapper forwards from its parameters come from the call site; the rest from the wrapper's body.</summary>
    private static ImmutableDictionary<ArgumentRole, IOperation> BindThroughWrapper(SocketCall inner, IMethodSymbol wrapper, ImmutableArray<IArgumentOperation> arguments, IOperation? receiver)
    {
        var bound = ImmutableDictionary.CreateBuilder<ArgumentRole, IOperation>();
        foreach (var role in AllRoles)
        {
            if (inner[role] is not { } value)
            {
                continue;
            }

            if (value.WithoutConversions() is IParameterReferenceOperation { Parameter: { } parameter }
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, wrapper))
            {
                if (FindArgument(arguments, parameter.Ordinal) is { } forwarded)
                {
                    bound[role] = forwarded;
                }
            }
            else if (value.WithoutConversions() is IInstanceReferenceOperation && role == ArgumentRole.Socket && receiver is not null)
            {
                bound[role] = receiver;
            }
            else if (receiver is not null && receiver.WithoutConversions() is not IInstanceReferenceOperation && IsMemberOfItsObject(value, wrapper))
            {
                // `socket.DuplicateAndClose(pid)` whose body duplicates `m_Handle`: on another object, that
                // object's own member, which the object itself stands for.
                bound[role] = receiver;
            }
            else
            {
                bound[role] = value;
            }
        }

        return bound.ToImmutable();
    }

    /// <summary>A field or property of the object the wrapper runs on (<c>m_Handle</c>, <c>this._socket</c>).</summary>
    private static bool IsMemberOfItsObject(IOperation value, IMethodSymbol wrapper) =>
        !wrapper.IsStatic
        && value.WithoutConversions() is IMemberReferenceOperation { Member.IsStatic: false, Instance: null or IInstanceReferenceOperation };

    private static IOperation? FindArgument(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static readonly ArgumentRole[] AllRoles = (ArgumentRole[])System.Enum.GetValues(typeof(ArgumentRole));
}
