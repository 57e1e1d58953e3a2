using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Follows a value to what it denotes (<see cref="ValueIdentity"/>): through locals (the write that
/// reaches the use), fields and properties of the analysed type (their only write, from any method),
/// conversions, <c>Socket.Handle</c>/<c>SafeHandle</c>, <c>new SafeSocketHandle(h, …)</c> and
/// <c>SOCKET</c> structs. In <see cref="ResolutionMode.Socket"/> it also follows what makes another
/// descriptor of the same socket: <c>new Socket(SafeSocketHandle)</c> and duplicates made in-process
/// (<c>WSADuplicateSocket(s, …, out info)</c> then <c>WSASocket(…, ref info, …)</c>, or
/// <c>new Socket(s.DuplicateAndClose(pid))</c>); in <see cref="ResolutionMode.Descriptor"/> those stay
/// distinct, which also makes each filled protocol info a value of its own.
/// One resolver per type model, shared by every rule: each answer is computed once, and never by binding
/// a call again (the model's call index says what each call does).
/// </summary>
internal sealed class ValueIdentityResolver
{
    // Deep enough for real alias chains; bounds cycles such as `a = b; b = a;` between fields.
    private const int MaxDepth = 32;

    private readonly SocketTypeModel model;
    private readonly ConcurrentDictionary<(IOperation, ResolutionMode), ValueIdentity> cache = new();

    public ValueIdentityResolver(SocketTypeModel model) => this.model = model;

    private SocketTypes Types => model.Types;

    /// <summary>The underlying socket (or object) <paramref name="value"/> denotes.</summary>
    public ValueIdentity Resolve(IOperation value) => Resolve(value, ResolutionMode.Socket);

    /// <summary>The descriptor or <c>Socket</c> object <paramref name="value"/> denotes (duplicates are other descriptors).</summary>
    public ValueIdentity ResolveDescriptor(IOperation value) => Resolve(value, ResolutionMode.Descriptor);

    public ValueIdentity Resolve(IOperation value, ResolutionMode mode)
    {
        if (!cache.TryGetValue((value, mode), out var identity))
        {
            // Two threads may resolve the same value at once: both get the same answer.
            identity = cache.GetOrAdd((value, mode), Resolve(value, mode, depth: 0));
        }

        return identity;
    }

    private ValueIdentity Resolve(IOperation value, ResolutionMode mode, int depth)
    {
        var operation = value.WithoutConversions();
        if (depth > MaxDepth)
        {
            return ValueIdentity.OfCreation(operation);
        }

        if (operation.IsNullOrZero())
        {
            return ValueIdentity.Null;
        }

        if ((value.ConstantValue.HasValue ? value.ConstantValue : operation.ConstantValue) is { HasValue: true, Value: { } constant })
        {
            return ValueIdentity.OfConstant(constant);
        }

        return operation switch
        {
            ILocalReferenceOperation local => ResolveLocal(local, mode, depth),
            IParameterReferenceOperation parameter => ValueIdentity.OfSymbol(parameter.Parameter),
            IMemberReferenceOperation member when IsHandleOf(member) => Resolve(member.Instance!, mode, depth + 1),
            IFieldReferenceOperation field => ResolveMember(field.Field, field.Instance, mode, depth),
            IPropertyReferenceOperation property when property.Arguments.IsEmpty => ResolveMember(property.Property, property.Instance, mode, depth),
            IInvocationOperation invocation => ResolveInvocation(invocation, mode, depth),
            IObjectCreationOperation creation => ResolveCreation(creation, mode, depth),
            _ => ValueIdentity.OfCreation(operation),
        };
    }

    private ValueIdentity ResolveLocal(ILocalReferenceOperation local, ResolutionMode mode, int depth)
    {
        var write = model.Writes.Reaching(local.Local, local);
        return write is null ? ValueIdentity.OfSymbol(local.Local) : ResolveWrite(write, mode, depth);
    }

    private ValueIdentity ResolveMember(ISymbol member, IOperation? instance, ResolutionMode mode, int depth)
    {
        // Only members of `this` (or statics) are one storage place for the whole type.
        if (instance is null or IInstanceReferenceOperation && model.Writes.SingleWriteOfMember(member) is { } write)
        {
            return ResolveWrite(write, mode, depth);
        }

        return ValueIdentity.OfSymbol(member);
    }

    private ValueIdentity ResolveWrite(ValueWrite write, ResolutionMode mode, int depth)
    {
        if (write.Value is { } value)
        {
            return Resolve(value, mode, depth + 1);
        }

        // `s += …`, `s++`: a value computed here, not one that can be followed.
        if (write.Argument is not { } argument)
        {
            return ValueIdentity.OfCreation(write.Syntax);
        }

        // WSASocket takes the protocol info by `ref` for marshalling only: it reads the info, so a later
        // use still sees the value from before that call (the info that WSADuplicateSocket filled).
        if (argument.Value.WithoutConversions() is ILocalReferenceOperation read && IsProtocolInfoRead(argument))
        {
            return ResolveLocal(read, mode, depth + 1);
        }

        if (mode == ResolutionMode.Socket && argument.Parent is IInvocationOperation invocation)
        {
            foreach (var call in model.CallsAt(invocation))
            {
                // The protocol info that WSADuplicateSocket fills denotes the socket it duplicates.
                if (call.Kind == SocketOperationKind.DuplicateSocket
                    && call[ArgumentRole.ProtocolInfo] is { } info
                    && info.WithoutConversions().Syntax == argument.Value.WithoutConversions().Syntax
                    && call[ArgumentRole.Socket] is { } source)
                {
                    return Resolve(source, mode, depth + 1);
                }
            }
        }

        return ValueIdentity.OfCreation(argument);
    }

    private bool IsProtocolInfoRead(IArgumentOperation argument)
    {
        if (argument.Parent is IInvocationOperation invocation)
        {
            foreach (var call in model.CallsAt(invocation))
            {
                if (call.Kind == SocketOperationKind.CreateSocket && call[ArgumentRole.ProtocolInfo]?.Syntax == argument.Value.Syntax)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private ValueIdentity ResolveInvocation(IInvocationOperation invocation, ResolutionMode mode, int depth)
    {
        if (invocation.TargetMethod.Name == "DangerousGetHandle" && invocation.Instance is { } handle && Types.IsSafeHandle(handle.Type))
        {
            return Resolve(handle, mode, depth + 1);
        }

        foreach (var call in model.CallsAt(invocation))
        {
            switch (call.Kind)
            {
                // A helper that wraps a handle (`static Socket Adopt(IntPtr h) => new Socket(new SafeSocketHandle(h, …))`)
                // returns the socket of the handle it was given, as the creation itself would.
                case SocketOperationKind.AdoptHandle when call.Wrapper is not null && call[ArgumentRole.Handle] is { } wrapped
                                                         && (mode == ResolutionMode.Socket || call.Has(ArgumentRole.OwnsHandle)):
                    return Resolve(wrapped, mode, depth + 1);
                case SocketOperationKind.CreateSocket when mode == ResolutionMode.Socket && call[ArgumentRole.ProtocolInfo] is { } info && !info.IsNullOrZero():
                    return Resolve(info, mode, depth + 1);
                case SocketOperationKind.DuplicateAndClose when mode == ResolutionMode.Socket && call[ArgumentRole.Socket] is { } source:
                    return Resolve(source, mode, depth + 1);
            }
        }

        return ValueIdentity.OfCreation(invocation);
    }

    private ValueIdentity ResolveCreation(IObjectCreationOperation creation, ResolutionMode mode, int depth)
    {
        foreach (var call in model.CallsAt(creation))
        {
            switch (call.Kind)
            {
                // A SafeSocketHandle only wraps a descriptor; a new Socket object over it is another holder.
                case SocketOperationKind.AdoptHandle when call[ArgumentRole.Handle] is { } handle
                                                         && (mode == ResolutionMode.Socket || call.Has(ArgumentRole.OwnsHandle)):
                    return Resolve(handle, mode, depth + 1);
                case SocketOperationKind.CreateSocket when mode == ResolutionMode.Socket && call[ArgumentRole.ProtocolInfo] is { } info:
                    return Resolve(info, mode, depth + 1);
            }
        }

        // new SOCKET(handle): CsWin32/Vanara wrap the raw descriptor in a struct.
        if (creation.Arguments.Length == 1 && IsSocketStruct(creation.Type))
        {
            return Resolve(creation.Arguments[0].Value, mode, depth + 1);
        }

        return ValueIdentity.OfCreation(creation);
    }

    /// <summary><c>socket.Handle</c>, <c>socket.SafeHandle</c>, <c>client.Client</c>, <c>SOCKET.Value</c>: the same descriptor.</summary>
    private bool IsHandleOf(IMemberReferenceOperation member)
    {
        if (member.Instance is null or IInstanceReferenceOperation)
        {
            return false;
        }

        var owner = member.Member.ContainingType;
        var name = member.Member.Name;
        if (Types.IsSocket(owner))
        {
            return name is "Handle" or "SafeHandle";
        }

        if (Types.IsSocketWrapper(owner))
        {
            return name is "Client" or "Server";
        }

        return name is "Value" or "Handle" && IsSocketStruct(owner);
    }

    internal static bool IsSocketStruct(ITypeSymbol? type) =>
        type is { IsValueType: true } && type.Name.IndexOf("SOCKET", StringComparison.OrdinalIgnoreCase) >= 0;
}
